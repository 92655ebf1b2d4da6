package io.lampblack.server.sensor;

import io.lampblack.server.problem.InvalidInput;

/** What a sensor tells about its host when it registers (sensor protocol v1, register). */
public record HostFacts(
        String hostname,
        String computerDnsName,
        String osType,
        String hostType,
        String osEnvironment,
        String networkAdapters,
        String buildVersion,
        int groupId) {

    /** @throws InvalidInput ({@code invalid_registration}) for facts a registration cannot carry */
    public HostFacts {
        if (hostname == null || hostname.isBlank()) throw invalid("hostname is required");
        if (hostname.length() > 255) throw invalid("hostname is longer than 255 characters");
        osType = osType == null || osType.isBlank() ? "windows" : osType.toLowerCase();
        if (!osType.equals("windows") && !osType.equals("linux") && !osType.equals("osx")) {
            throw invalid("os_type must be windows, linux or osx");
        }
        hostType = hostType == null || hostType.isBlank() ? "workstation" : hostType.toLowerCase();
        if (!hostType.equals("workstation") && !hostType.equals("server") && !hostType.equals("domain_controller")) {
            throw invalid("host_type must be workstation, server or domain_controller");
        }
        computerDnsName = computerDnsName == null ? hostname : computerDnsName;
        osEnvironment = osEnvironment == null ? "" : osEnvironment;
        networkAdapters = networkAdapters == null ? "" : networkAdapters;
        buildVersion = buildVersion == null ? "" : buildVersion;
        groupId = groupId <= 0 ? 1 : groupId;
        // The sensor table's columns: refused here, not by the database.
        longest("computer_dns_name", computerDnsName, 255);
        longest("os_environment_display_string", osEnvironment, 512);
        longest("network_adapters", networkAdapters, 2048);
        longest("build_version", buildVersion, 64);
    }

    private static void longest(String field, String value, int max) {
        if (value.length() > max) throw invalid(field + " is longer than " + max + " characters");
    }

    private static InvalidInput invalid(String message) {
        return new InvalidInput("invalid_registration", message);
    }
}
