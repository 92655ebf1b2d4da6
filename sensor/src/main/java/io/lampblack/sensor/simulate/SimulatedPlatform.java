package io.lampblack.sensor.simulate;

import java.util.List;

/** What kind of machine a simulated sensor pretends to run on: it decides paths, registry and what it reports. */
public enum SimulatedPlatform {
    WINDOWS("windows", "Windows 10 Enterprise (simulated)", "SIM-WIN10-%05d", "C:\\", "C:\\Windows\\system32", '\\'),
    LINUX("linux", "Ubuntu 24.04 LTS (simulated)", "sim-lnx-%05d", "/", "/", '/');

    private final String osType;
    private final String osName;
    private final String hostNameFormat;
    private final String drive;
    private final String workingDirectory;
    private final char separator;

    SimulatedPlatform(
            String osType,
            String osName,
            String hostNameFormat,
            String drive,
            String workingDirectory,
            char separator) {
        this.osType = osType;
        this.osName = osName;
        this.hostNameFormat = hostNameFormat;
        this.drive = drive;
        this.workingDirectory = workingDirectory;
        this.separator = separator;
    }

    /** {@code os_type} as the sensor registers it. */
    public String osType() {
        return osType;
    }

    /** The operating system's display name. */
    public String osName() {
        return osName;
    }

    /** The host name of simulated sensor {@code index}. */
    public String hostName(int index) {
        return String.format(hostNameFormat, index);
    }

    /** The drives a live-response session lists. */
    public List<String> drives() {
        return List.of(drive);
    }

    /** Where a live-response session starts. */
    public String workingDirectory() {
        return workingDirectory;
    }

    public char separator() {
        return separator;
    }

    /** Windows paths ignore case; Linux paths do not. */
    public boolean ignoresCase() {
        return this == WINDOWS;
    }

    public boolean hasRegistry() {
        return this == WINDOWS;
    }
}
