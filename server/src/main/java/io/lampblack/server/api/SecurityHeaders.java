package io.lampblack.server.api;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The headers every answer carries, API, console and errors alike (Jetty's own error answers get them from
 * {@link JsonErrorHandler}): no content-type sniffing, no framing, no referrer, HTTPS only from now on, and the
 * console's Content-Security-Policy: everything from this server only, no inline scripts, no plugins; inline styles
 * are allowed because CodeMirror and xterm.js set element styles, and {@code blob:} workers and images for what the
 * console makes in the browser. On an API answer the policy does nothing, and costs nothing.
 */
final class SecurityHeaders extends Handler.Wrapper {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                    + " img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:;"
                    + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    SecurityHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        addTo(response.getHeaders());
        return super.handle(request, response, callback);
    }

    static void addTo(HttpFields.Mutable headers) {
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Strict-Transport-Security", "max-age=31536000");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
