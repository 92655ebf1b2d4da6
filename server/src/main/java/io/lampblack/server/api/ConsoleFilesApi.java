package io.lampblack.server.api;

import io.lampblack.server.console.ConsoleFiles;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The web console's files at {@code /} (index.html), {@code /index.html} and {@code /assets/<file>}, GET and HEAD, to
 * anyone (the console's own calls need the session its login opens). Hashed assets are cached for a year, index.html
 * is revalidated each time; both by entity tag (304), gzipped for a client that takes gzip. Without the console
 * ({@link ConsoleFiles#absent}), {@code /} answers 503 saying how to build it; the API is unchanged.
 */
public final class ConsoleFilesApi {

    /** What {@code /} says when the server was built without the console. */
    static final String ABSENT = """
            Lampblack's web console is not available on this server: it was built without it (or its files are \
            incomplete; the server's log says which).
            The console is built by the console/ module, which needs Node.js and npm (e.g. apt-get install nodejs \
            npm). Install them, build again (./lampblack, or mvn install), and restart the server.
            The REST API works without the console.
            """;

    private final ConsoleFiles files;

    public ConsoleFilesApi(ConsoleFiles files) {
        this.files = files;
    }

    public void register(Router r) {
        for (String method : new String[] {"GET", "HEAD"}) {
            r.route(method, "/", Router.Access.PUBLIC, ex -> serve(ex, ConsoleFiles.INDEX));
            r.route(method, "/index.html", Router.Access.PUBLIC, ex -> serve(ex, ConsoleFiles.INDEX));
            r.route(method, "/assets/{file}", Router.Access.PUBLIC, ex -> serve(ex, "assets/" + ex.pathParam("file")));
        }
    }

    private void serve(Exchange ex, String path) {
        if (!files.present() && path.equals(ConsoleFiles.INDEX)) {
            ex.responseHeader("Cache-Control", "no-store");
            ex.send(503, "text/plain; charset=utf-8", ABSENT.getBytes(StandardCharsets.UTF_8));
            return;
        }
        ConsoleFiles.File f = files.file(path).orElseThrow(() -> ApiException.notFound("console file /" + path));
        boolean gzip = f.gzipped() != null && acceptsGzip(ex.header("Accept-Encoding"));
        String etag = gzip ? f.gzipEtag() : f.etag();
        ex.responseHeader("Cache-Control", f.cacheControl());
        ex.responseHeader("ETag", etag);
        // The answer depends on Accept-Encoding only where there is a gzip form.
        if (f.gzipped() != null) ex.responseHeader("Vary", "Accept-Encoding");
        if (matches(ex.header("If-None-Match"), etag)) {
            ex.empty(304);
            return;
        }
        if (gzip) ex.responseHeader("Content-Encoding", "gzip");
        ex.send(200, f.contentType(), gzip ? f.gzipped() : f.body());
    }

    /** Whether {@code Accept-Encoding} takes gzip (by name or {@code *}, with a q-value above 0). */
    static boolean acceptsGzip(Optional<String> header) {
        if (header.isEmpty()) return false;
        Boolean any = null;
        for (String part : header.get().split(",")) {
            String[] p = part.split(";");
            String coding = p[0].strip().toLowerCase(Locale.ROOT);
            boolean accepted = true;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].strip().toLowerCase(Locale.ROOT);
                if (param.startsWith("q="))
                    accepted = positive(param.substring(2).strip());
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) return accepted;
            if (coding.equals("*")) any = accepted;
        }
        return any != null && any;
    }

    private static boolean positive(String q) {
        try {
            return Double.parseDouble(q) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether {@code If-None-Match} names this entity tag (weak comparison, as RFC 9110 has for it) or is {@code *}. */
    static boolean matches(Optional<String> ifNoneMatch, String etag) {
        if (ifNoneMatch.isEmpty()) return false;
        for (String tag : ifNoneMatch.get().split(",")) {
            String t = tag.strip();
            if (t.equals("*")) return true;
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals(etag)) return true;
        }
        return false;
    }
}
