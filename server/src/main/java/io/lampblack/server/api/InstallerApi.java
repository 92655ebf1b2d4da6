package io.lampblack.server.api;

import io.lampblack.server.api.wire.SensorBuilds;
import java.util.List;
import java.util.Set;

/**
 * Sensor builds and installers (reference §4.1, §4.5). No installer exists yet: the builds lists are empty, and a
 * group's installer is a 404 {@code installer_not_available} that says so (an unknown group stays a plain 404).
 */
public final class InstallerApi {

    private static final Set<String> KINDS = Set.of("windows/exe", "windows/msi", "osx", "linux");

    private final GroupApi groups;

    public InstallerApi(GroupApi groups) {
        this.groups = groups;
    }

    public void register(Router r) {
        r.route("GET", "/api/v2/builds", Router.Access.READ, ex -> ex.json(200, SensorBuilds.NONE));
        r.route("GET", "/api/builds", Router.Access.READ, ex -> ex.json(200, List.<SensorBuilds.Build>of()));
        Router.Access read = Router.Access.groupRead(groups::existing);
        // windows/exe and windows/msi take two path segments, the others one.
        r.route("GET", "/api/v1/group/{id}/installer/{os}", read, ex -> installer(ex, ex.pathParam("os")));
        r.route(
                "GET",
                "/api/v1/group/{id}/installer/{os}/{kind}",
                read,
                ex -> installer(ex, ex.pathParam("os") + "/" + ex.pathParam("kind")));
    }

    private void installer(Exchange ex, String kind) {
        groups.group(ex);
        if (!KINDS.contains(kind)) {
            throw ApiException.badRequest(
                    "invalid_installer_type", "installer type must be windows/exe, windows/msi, osx or linux");
        }
        throw new ApiException(
                404,
                "installer_not_available",
                "no " + kind + " installer exists: this server has no Windows or macOS sensor, and the Linux sensor"
                        + " comes with live response");
    }
}
