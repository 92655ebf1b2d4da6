package io.lampblack.server.api;

import io.lampblack.server.api.wire.SensorBuilds;
import io.lampblack.server.group.GroupConfig;
import io.lampblack.server.group.SensorGroups;
import io.lampblack.server.installer.CertificateNames;
import io.lampblack.server.installer.LinuxInstallers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sensor builds and installers (reference §4.1, §4.5). A group's Linux installer is a tar.gz of the Lampblack sensor
 * made for that group ({@link LinuxInstallers}); there is no Windows or macOS sensor, so those installers are a 404
 * {@code installer_not_available} that says so (an unknown group stays a plain 404). An installer carries the
 * group's enrolment token, so only who administers the group (or a global administrator) may download it; the
 * router audits every download.
 */
public final class InstallerApi {

    private static final Set<String> KINDS = Set.of("windows/exe", "windows/msi", "osx", "linux");

    private final SensorGroups groups;
    private final LinuxInstallers linux;
    private final String publicUrl;

    /** @param publicUrl the server's {@code --public-url}; empty when not set */
    public InstallerApi(SensorGroups groups, LinuxInstallers linux, String publicUrl) {
        this.groups = groups;
        this.linux = linux;
        this.publicUrl = publicUrl;
    }

    public void register(Router r) {
        r.route("GET", "/api/v2/builds", Router.Access.READ, ex -> ex.json(200, SensorBuilds.NONE));
        r.route("GET", "/api/builds", Router.Access.READ, ex -> ex.json(200, List.<SensorBuilds.Build>of()));
        Router.Access admin = Router.Access.groupAdmin(this::existing);
        // windows/exe and windows/msi take two path segments, the others one.
        r.route("GET", "/api/v1/group/{id}/installer/{os}", admin, ex -> installer(ex, ex.pathParam("os")));
        r.route(
                "GET",
                "/api/v1/group/{id}/installer/{os}/{kind}",
                admin,
                ex -> installer(ex, ex.pathParam("os") + "/" + ex.pathParam("kind")));
    }

    private Optional<Integer> existing(Exchange ex) {
        return id(ex).flatMap(groups::find).map(GroupConfig::id);
    }

    private static Optional<Integer> id(Exchange ex) {
        try {
            return Optional.of(Integer.parseInt(ex.pathParam("id")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void installer(Exchange ex, String kind) throws IOException {
        GroupConfig group = id(ex).flatMap(groups::find)
                .orElseThrow(() -> ApiException.notFound("sensor group " + ex.pathParam("id")));
        if (!KINDS.contains(kind)) {
            throw ApiException.badRequest(
                    "invalid_installer_type", "installer type must be windows/exe, windows/msi, osx or linux");
        }
        if (!kind.equals("linux")) {
            throw new ApiException(
                    404,
                    "installer_not_available",
                    "no " + kind + " installer exists: Lampblack has a sensor for Linux only (installer type linux)");
        }
        String token = groups.enrolmentToken(group.id())
                .orElseThrow(() -> new ApiException(
                        409,
                        "no_enrolment_token",
                        "sensor group " + group.id() + " has no enrolment token an installer can carry (none, or one"
                                + " made before installers existed, of which only a digest is kept); a global"
                                + " administrator makes one with POST /api/v1/group/" + group.id()
                                + "/registration_token, then the installer can be downloaded"));
        String url = serverUrl(ex, group);
        List<X509Certificate> chain = ex.serverCertificates();
        String host = URI.create(url).getHost();
        if (chain.isEmpty() || !CertificateNames.names(chain.getFirst(), host)) {
            throw new ApiException(
                    409,
                    "certificate_does_not_name_host",
                    "sensors of group " + group.id() + " would reach this server at " + url + ", but its certificate"
                            + " does not name " + host + ", so they could never connect; set the group's"
                            + " sensorbackend_server (or the server's --public-url) to a URL whose host the"
                            + " certificate names, or give the server a certificate for " + host + " (--tls-cert)");
        }
        LinuxInstallers.Installer installer =
                linux.prepare(new LinuxInstallers.Enrolment(url, group.id(), group.name(), token, pem(chain)));
        // The archive holds the group's enrolment token: no cache along the way may keep a copy.
        ex.responseHeader("Cache-Control", "no-store");
        ex.responseHeader(
                "Content-Disposition",
                "attachment; filename=\"lampblack-sensor-linux-group-" + group.id() + ".tar.gz\"");
        ex.stream(200, "application/gzip", installer::writeTo);
    }

    /**
     * Where the group's sensors reach the server: the group's {@code sensorbackend_server} when it is an https URL
     * (Carbon Black's meaning of that setting), else the server's {@code --public-url}, else the address the
     * administrator reached this server at, unless that is a loopback address, which other hosts cannot reach. A
     * group setting that is not an https URL is refused rather than passed over, so the administrator learns of it.
     */
    private String serverUrl(Exchange ex, GroupConfig group) {
        String configured = group.sensorbackendServer().strip();
        if (!configured.isEmpty()) {
            if (httpsUrl(configured)) return configured;
            throw new ApiException(
                    409,
                    "invalid_sensorbackend_server",
                    "sensor group " + group.id() + " has sensorbackend_server '" + configured + "', which is not an"
                            + " https://HOST[:PORT] URL the sensors could reach this server at; correct it (or empty"
                            + " it to use the server's --public-url)");
        }
        if (httpsUrl(publicUrl.strip())) return publicUrl.strip();
        String origin = ex.origin();
        if (loopback(URI.create(origin).getHost())) {
            throw new ApiException(
                    409,
                    "loopback_server_url",
                    "this server was reached at " + origin + ", a loopback address other hosts cannot reach it at;"
                            + " start the server with --public-url https://HOST:PORT (or set sensor group " + group.id()
                            + "'s sensorbackend_server) to the address the sensors reach it at, or download the"
                            + " installer through that address");
        }
        return origin;
    }

    /** localhost, a name under .localhost, or a loopback IP literal (no name is looked up). */
    static boolean loopback(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.equals("localhost") || h.endsWith(".localhost")) return true;
        if (!h.matches("[0-9.]+") && !h.contains(":")) return false;
        try {
            return java.net.InetAddress.ofLiteral(h).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean httpsUrl(String s) {
        try {
            URI u = new URI(s);
            return "https".equals(u.getScheme()) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String pem(List<X509Certificate> chain) {
        StringBuilder b = new StringBuilder();
        Base64.Encoder enc = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate c : chain) {
            try {
                b.append("-----BEGIN CERTIFICATE-----\n")
                        .append(enc.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new UncheckedIOException(new IOException("cannot encode the server's certificate", e));
            }
        }
        return b.toString();
    }
}
