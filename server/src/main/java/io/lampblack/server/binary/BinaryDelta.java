package io.lampblack.server.binary;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * New observations of one binary waiting to be merged into its document: module infos, the sensors and paths it
 * was seen at, and the receipt times. Ingest threads add to it (under the pending map's lock for this MD5); the
 * flush merges it.
 *
 * <p>Merging has set semantics, so it is idempotent: sensors, groups and paths are sets, first seen is a minimum,
 * last seen a maximum, and module-info fields fill only what is still unknown. Merging the same observations twice
 * (an upload replayed from the journal after a crash) changes nothing, and {@code host_count} never counts a sensor
 * twice.
 */
public final class BinaryDelta {

    /** Paths kept per binary; a file dropped under random names could otherwise grow its document without bound. */
    static final int MAX_OBSERVED_FILENAMES = 1000;

    final String md5;
    private final List<ModuleInfo> infos = new ArrayList<>(1);
    private final Map<Integer, SensorSighting> sensors = new LinkedHashMap<>();
    private final Set<String> paths = new LinkedHashSet<>();
    private String sha256 = "";
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    BinaryDelta(String md5) {
        this.md5 = md5;
    }

    BinaryDelta moduleInfo(ModuleInfo info, SensorSighting sensor, long serverTime) {
        infos.add(info);
        return sighting(sensor, info.onDiskFilename(), serverTime);
    }

    /** The binary seen on a sensor, at a path ("" when unknown), in an upload received at {@code serverTime}. */
    BinaryDelta sighting(SensorSighting sensor, String path, long serverTime) {
        sensors.putIfAbsent(sensor.sensorId(), sensor);
        if (!path.isEmpty() && paths.size() < MAX_OBSERVED_FILENAMES) {
            paths.add(path);
        }
        minTime = Math.min(minTime, serverTime);
        maxTime = Math.max(maxTime, serverTime);
        return this;
    }

    BinaryDelta sha256(String upperHex) {
        if (sha256.isEmpty()) {
            sha256 = upperHex;
        }
        return this;
    }

    /** Takes in another delta of the same MD5 (a flush that failed puts its deltas back this way). */
    BinaryDelta absorb(BinaryDelta other) {
        infos.addAll(other.infos);
        other.sensors.forEach(sensors::putIfAbsent);
        for (String path : other.paths) {
            if (paths.size() < MAX_OBSERVED_FILENAMES) paths.add(path);
        }
        if (sha256.isEmpty()) sha256 = other.sha256;
        minTime = Math.min(minTime, other.minTime);
        maxTime = Math.max(maxTime, other.maxTime);
        return this;
    }

    /** The binary these observations are of. */
    public String md5() {
        return md5;
    }

    /** The merged document and what was new, given what the index holds for this MD5. */
    public BinaryChange applyTo(Optional<BinaryRecord> stored) {
        BinaryRecord old = stored.orElse(null);
        SortedMap<String, String> text = new TreeMap<>(old == null ? Map.of() : old.text());
        String digsigResult = old == null ? "" : old.digsigResult();
        String digsigResultCode = old == null ? "" : old.digsigResultCode();
        OptionalLong signTime = old == null ? OptionalLong.empty() : old.digsigSignTime();
        OptionalLong origLen = old == null ? OptionalLong.empty() : old.origModLen();
        OptionalLong copiedLen = old == null ? OptionalLong.empty() : old.copiedModLen();
        Optional<Boolean> is64bit = old == null ? Optional.empty() : old.is64bit();
        Optional<Boolean> executable = old == null ? Optional.empty() : old.executableImage();
        byte[] icon = old == null ? new byte[0] : old.icon();
        String sha = old == null || old.sha256().isEmpty() ? sha256 : old.sha256();
        for (ModuleInfo info : infos) {
            info.text()
                    .forEach((field, value) -> text.merge(
                            field, value, (known, other) -> known.equals(ModuleInfo.UNKNOWN) ? other : known));
            if (digsigResult.isEmpty()) digsigResult = info.digsigResult();
            if (digsigResultCode.isEmpty()) digsigResultCode = info.digsigResultCode();
            if (signTime.isEmpty()) signTime = info.digsigSignTime();
            if (origLen.isEmpty()) origLen = info.origModLen();
            if (copiedLen.isEmpty()) copiedLen = info.copiedModLen();
            if (is64bit.isEmpty()) is64bit = info.is64bit();
            if (executable.isEmpty()) executable = info.executableImage();
            if (icon.length == 0) icon = info.icon();
            if (sha.isEmpty()) sha = info.sha256();
        }
        SortedMap<Integer, String> endpoints = new TreeMap<>(old == null ? Map.of() : old.endpoints());
        List<SensorSighting> newSensors = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>(old == null ? List.of() : old.groups());
        List<String> newGroups = new ArrayList<>();
        String osType = old == null ? "" : old.osType();
        for (SensorSighting s : sensors.values()) {
            if (endpoints.putIfAbsent(s.sensorId(), s.endpoint()) == null) {
                newSensors.add(s);
            }
            if (!s.group().isEmpty() && groups.add(s.group())) {
                newGroups.add(s.group());
            }
            if (osType.isEmpty()) {
                osType = displayOsType(s.osType());
            }
        }
        List<String> observed = new ArrayList<>(old == null ? List.of() : old.observedFilenames());
        Set<String> known = new HashSet<>();
        observed.forEach(p -> known.add(p.toLowerCase(Locale.ROOT)));
        // A module-info path is spelled as the file system has it (modloads often arrive lower-cased): that
        // spelling replaces the one process activity gave, as in Carbon Black's documents.
        for (ModuleInfo info : infos) {
            String path = info.onDiskFilename();
            if (path.isEmpty()) continue;
            int at = indexIgnoringCase(observed, path);
            if (at >= 0) {
                observed.set(at, path);
            } else if (observed.size() < MAX_OBSERVED_FILENAMES) {
                observed.add(path);
                known.add(path.toLowerCase(Locale.ROOT));
            }
        }
        for (String path : paths) {
            // Windows paths arrive in different cases from different events; one entry per path, as first reported.
            if (observed.size() < MAX_OBSERVED_FILENAMES && known.add(path.toLowerCase(Locale.ROOT))) {
                observed.add(path);
            }
        }
        long first = old == null ? minTime : Math.min(old.firstSeen(), minTime);
        long last = old == null ? maxTime : Math.max(old.lastSeen(), maxTime);
        BinaryRecord merged = new BinaryRecord(
                md5,
                sha,
                first,
                last,
                text,
                digsigResult,
                digsigResultCode,
                signTime,
                origLen,
                copiedLen,
                is64bit,
                executable,
                icon,
                endpoints,
                List.copyOf(groups),
                observed,
                osType);
        boolean changed = !merged.equals(old);
        return new BinaryChange(merged, changed, old == null, newSensors, newGroups, minTime);
    }

    private static int indexIgnoringCase(List<String> paths, String path) {
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).equalsIgnoreCase(path)) return i;
        }
        return -1;
    }

    /** Binary documents spell the OS the way Carbon Black's do ({@code Windows}); sensors register lower-case. */
    static String displayOsType(String sensorOsType) {
        return switch (sensorOsType.toLowerCase(Locale.ROOT)) {
            case "windows" -> "Windows";
            case "linux" -> "Linux";
            case "osx", "macos" -> "OSX";
            case "" -> "";
            default -> sensorOsType;
        };
    }
}
