package io.lampblack.server.sensor;

/** What a sensor tells about its host when it registers (sensor protocol v1, register). */
public record HostFacts(String hostname, String computerDnsName, String osType, String hostType, String osEnvironment,
                        String networkAdapters, String buildVersion, int groupId) {

    public HostFacts {
        if (hostname == null || hostname.isBlank()) throw new IllegalArgumentException("hostname is required");
        if (hostname.length() > 255) throw new IllegalArgumentException("hostname is longer than 255 characters");
        osType = osType == null || osType.isBlank() ? "windows" : osType.toLowerCase();
        if (!osType.equals("windows") && !osType.equals("linux") && !osType.equals("osx")) {
            throw new IllegalArgumentException("os_type must be windows, linux or osx");
        }
        hostType = hostType == null || hostType.isBlank() ? "workstation" : hostType.toLowerCase();
        if (!hostType.equals("workstation") && !hostType.equals("server") && !hostType.equals("domain_controller")) {
            throw new IllegalArgumentException("host_type must be workstation, server or domain_controller");
        }
        computerDnsName = computerDnsName == null ? hostname : computerDnsName;
        osEnvironment = osEnvironment == null ? "" : osEnvironment;
        networkAdapters = networkAdapters == null ? "" : networkAdapters;
        buildVersion = buildVersion == null ? "" : buildVersion;
        groupId = groupId <= 0 ? 1 : groupId;
    }
}
