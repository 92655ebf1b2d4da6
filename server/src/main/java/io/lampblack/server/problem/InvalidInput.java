package io.lampblack.server.problem;

/**
 * Input that a domain rule refuses ({@link Problem.Kind#INVALID}), with the reason word the caller is given. An
 * {@link IllegalArgumentException}, so that code which validates by catching those keeps working unchanged.
 */
public final class InvalidInput extends IllegalArgumentException implements Problem {

    private final String reason;

    public InvalidInput(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    @Override
    public Kind kind() {
        return Kind.INVALID;
    }

    @Override
    public String reason() {
        return reason;
    }
}
