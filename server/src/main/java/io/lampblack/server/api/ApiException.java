package io.lampblack.server.api;

/** An error answered as JSON {@code {"reason": ..., "message": ...}} with its HTTP status (design §7.5). */
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

    public static ApiException badRequest(String reason, String message) {
        return new ApiException(400, reason, message);
    }
}
