package io.lampblack.server.problem;

/**
 * Text a caller sends that the server keeps: no longer than where it is kept allows (a database column, a Lucene
 * keyword), refused before it gets there with a 400 naming the field, rather than failing in the store. Lengths are
 * counted in UTF-16 units, as H2's {@code varchar(n)} counts them (PostgreSQL counts code points, never more).
 */
public final class TextLimits {

    private TextLimits() {}

    /**
     * @return {@code value}, unchanged
     * @throws InvalidInput ({@code value_too_long}) when it has more than {@code maxChars} characters
     */
    public static String atMost(String field, String value, int maxChars) {
        if (value != null && value.length() > maxChars) {
            throw new InvalidInput("value_too_long", "'" + field + "' must be at most " + maxChars + " characters");
        }
        return value;
    }

    /** Text the server writes itself (an error it records): cut to fit, never refused. */
    public static String truncated(String value, int maxChars) {
        if (value == null || value.length() <= maxChars) return value;
        // Not between the two halves of a surrogate pair.
        int end = Character.isLowSurrogate(value.charAt(maxChars)) ? maxChars - 1 : maxChars;
        return value.substring(0, end);
    }
}
