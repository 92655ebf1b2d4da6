package io.lampblack.server.assembly;

import io.lampblack.server.api.ConsoleFilesApi;
import io.lampblack.server.api.HttpsServer;
import io.lampblack.server.api.InfoApi;
import io.lampblack.server.api.MetricsApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.TlsMaterial;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.console.ConsoleFiles;
import io.lampblack.server.metrics.ServerMeters;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS edge, last: the router with every feature's routes (added in flow order), server info and metrics, the
 * web console's files (from its module's jar, or {@code --console-dir}), TLS
 * (a self-signed certificate in DATA/tls unless the operator's is given), and the listener. Once it has started, the
 * server answers.
 */
public final class ApiAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAssembly.class);

    /**
     * @param bind      listening address
     * @param port      listening port (0: any free one)
     * @param tlsCert   PEM certificate chain; empty = self-signed
     * @param tlsKey    its PEM private key
     * @param publicUrl the URL to announce; empty = https://BIND:PORT
     * @param connections handshake and idle timeouts, connection and accept-rate limits
     * @param consoleDir  the directory the web console is served from; empty = the console module's jar
     */
    public record Settings(
            String bind,
            int port,
            String tlsCert,
            String tlsKey,
            String publicUrl,
            HttpsServer.Connections connections,
            String consoleDir) {
        public static Settings from(ServerSettings s) {
            String cert = s.get(ServerSettings.TLS_CERT);
            String key = s.get(ServerSettings.TLS_KEY);
            if (cert.isBlank() != key.isBlank()) {
                throw new IllegalArgumentException("settings 'tls-cert' and 'tls-key' go together");
            }
            return new Settings(
                    s.get(ServerSettings.BIND),
                    s.get(ServerSettings.PORT),
                    cert,
                    key,
                    s.get(ServerSettings.PUBLIC_URL),
                    new HttpsServer.Connections(
                            s.get(ServerSettings.TLS_HANDSHAKE_SECONDS),
                            s.get(ServerSettings.IDLE_SECONDS),
                            s.get(ServerSettings.MAX_CONNECTIONS),
                            s.get(ServerSettings.MAX_ACCEPT_RATE)),
                    s.get(ServerSettings.CONSOLE_DIR));
        }

        /** The URL clients use ({@code --public-url}, else https://BIND:PORT) once the server listens on {@code port}. */
        String url(int listening) {
            if (!publicUrl.isBlank()) return publicUrl;
            String host = bind.equals("0.0.0.0") ? "127.0.0.1" : bind;
            return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listening;
        }

        /** The URL clients will use, when it is known before the server listens (not for a free port, 0). */
        public Optional<String> knownUrl() {
            return !publicUrl.isBlank() || port != 0 ? Optional.of(url(port)) : Optional.empty();
        }
    }

    private final HttpsServer http;
    private final String url;

    public ApiAssembly(
            ServerContext ctx,
            Settings settings,
            AccessAssembly access,
            ServerMeters meters,
            BooleanSupplier linuxInstaller,
            List<RestRoutes> features)
            throws Exception {
        Router router = access.router();
        new InfoApi(linuxInstaller).register(router);
        new MetricsApi(ctx.own(meters).registry()).register(router);
        for (RestRoutes f : features) f.register(router);
        new ConsoleFilesApi(consoleFiles(settings.consoleDir())).register(router);
        TlsMaterial tls = settings.tlsCert().isBlank()
                ? TlsMaterial.selfSigned(ctx.dir("tls"))
                : TlsMaterial.fromPem(Path.of(settings.tlsCert()), Path.of(settings.tlsKey()));
        http = new HttpsServer(settings.bind(), settings.port(), tls, router, settings.connections());
        http.start();
        ctx.own(http);
        url = settings.url(http.port());
    }

    /** The web console's files, read once; absent (and said so in the log) when this build has none. */
    private static ConsoleFiles consoleFiles(String dir) {
        ConsoleFiles files = dir.isBlank()
                ? ConsoleFiles.fromClasspath(ApiAssembly.class.getClassLoader())
                : ConsoleFiles.fromDirectory(Path.of(dir));
        if (files.present()) LOG.info("web console: {} files, {} KiB in memory", files.count(), files.bytes() >> 10);
        else LOG.warn("web console not served: {}", files.absence().orElseThrow());
        return files;
    }

    /** The URL clients use ({@code --public-url}, else https://BIND:PORT). */
    public String url() {
        return url;
    }

    public int port() {
        return http.port();
    }
}
