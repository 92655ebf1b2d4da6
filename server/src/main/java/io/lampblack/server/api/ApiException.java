package io.lampblack.server.api;

/**
 * A refusal by the HTTP edge itself, in HTTP terms: no or a bad token (401), no right (403), no such route or object
 * (404), a request body that cannot be read, a parameter that is not a number. The {@link ErrorMapper} answers it
 * with its status as JSON {@code {"reason": ..., "message": ...}} (design §7.5). What the domain refuses it says
 * with a {@link io.lampblack.server.problem.Problem} instead, which carries no status.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String reason;

    public ApiException(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException badRequest(String reason, String message) {
        return new ApiException(400, reason, message);
    }
}
