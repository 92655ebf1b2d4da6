package io.lampblack.server.api;

import io.lampblack.server.api.wire.ErrorBody;
import io.lampblack.server.json.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, before a request reaches the {@link Router} (a URI or header it cannot parse, a request
 * line too long): the one JSON error shape instead of Jetty's HTML page. A 4xx says what Jetty found wrong with the
 * request; anything else says only its status, as the router's 500 does. It carries the {@link SecurityHeaders} too:
 * these answers never pass the handler that adds them.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws java.io.IOException {
        boolean clientError = HttpStatus.isClientError(code);
        String text = clientError && message != null && !message.isBlank() ? message : HttpStatus.getMessage(code);
        byte[] body = Json.MAPPER.writeValueAsBytes(ErrorBody.of(reason(code), text));
        SecurityHeaders.addTo(response.getHeaders());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The reason words of the statuses Jetty answers on its own. */
    static String reason(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "request_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> HttpStatus.isClientError(status) ? "bad_request" : "internal_error";
        };
    }
}
