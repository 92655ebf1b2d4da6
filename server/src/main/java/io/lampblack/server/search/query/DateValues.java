package io.lampblack.server.search.query;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Date values in queries (reference §2.1 "datetime"), all read as UTC:
 * <ul>
 * <li>{@code YYYY-MM-DD}: that whole day;</li>
 * <li>{@code YYYY-MM-DDThh:mm[:ss[.fff]][Z]}: as a range bound, that instant; as a lone value,
 *     the 24 hours starting at that instant, as Carbon Black documents it;</li>
 * <li>{@code -Nh}, {@code -Nm}, {@code -Ns}: as a lone value, from N units ago until now; as a
 *     range bound, the instant N units ago.</li>
 * </ul>
 * A day of month past the month's end is clamped ({@code 2014-09-31} is read as
 * {@code 2014-09-30}) because a watchlist shipped in Carbon Black's own docs uses it.
 */
public final class DateValues {

    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** An inclusive interval of epoch milliseconds. */
    public record Span(long first, long last) {}

    private final Clock clock;

    public DateValues(Clock clock) {
        this.clock = clock;
    }

    /** The interval a lone value stands for. */
    public Span asValue(String text, String clause) {
        String value = text.strip();
        if (value.startsWith("-")) {
            long now = clock.millis();
            return new Span(now - relative(value, clause), now);
        }
        // A date is its whole day; a date-time is, as documented (oddly), the 24 hours from it.
        long first = parse(value, clause).instant();
        return new Span(first, first + DAY - 1);
    }

    /**
     * The interval a range bound stands for: a day for a date (so an inclusive upper bound
     * {@code 2011-12-31} includes that whole day), a single instant otherwise.
     */
    public Span asBound(String text, String clause) {
        String value = text.strip();
        if (value.startsWith("-")) {
            long instant = clock.millis() - relative(value, clause);
            return new Span(instant, instant);
        }
        Parsed parsed = parse(value, clause);
        return parsed.dateOnly()
                ? new Span(parsed.instant(), parsed.instant() + DAY - 1)
                : new Span(parsed.instant(), parsed.instant());
    }

    private record Parsed(long instant, boolean dateOnly) {}

    private static long relative(String value, String clause) {
        if (value.length() < 3) {
            throw notADate(value, clause);
        }
        long unit = switch (Character.toLowerCase(value.charAt(value.length() - 1))) {
            case 'h' -> HOUR;
            case 'm' -> MINUTE;
            case 's' -> SECOND;
            default -> throw notADate(value, clause);
        };
        String digits = value.substring(1, value.length() - 1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw notADate(value, clause);
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw notADate(value, clause);
        }
    }

    private static Parsed parse(String value, String clause) {
        Cursor in = new Cursor(value, clause);
        int year = in.digits(4);
        in.expect('-');
        int month = in.digits(2);
        in.expect('-');
        int day = in.digits(2);
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            throw notADate(value, clause);
        }
        day = Math.min(day, YearMonth.of(year, month).lengthOfMonth());
        long midnight = LocalDate.of(year, month, day)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        if (in.atEnd()) {
            return new Parsed(midnight, true);
        }
        if (in.peek() != 'T' && in.peek() != 't' && in.peek() != ' ') {
            throw notADate(value, clause);
        }
        in.skip();
        int hour = in.digits(2);
        in.expect(':');
        int minute = in.digits(2);
        int second = 0;
        long millis = 0;
        if (!in.atEnd() && in.peek() == ':') {
            in.skip();
            second = in.digits(2);
            if (!in.atEnd() && in.peek() == '.') {
                in.skip();
                millis = in.fractionMillis();
            }
        }
        if (!in.atEnd() && (in.peek() == 'Z' || in.peek() == 'z')) {
            in.skip();
        }
        if (!in.atEnd() || hour > 23 || minute > 59 || second > 59) {
            throw notADate(value, clause);
        }
        return new Parsed(midnight + hour * HOUR + minute * MINUTE + second * SECOND + millis, false);
    }

    private static QuerySyntaxException notADate(String value, String clause) {
        return new QuerySyntaxException("'" + clause + "': '" + value + "' is not a date; use YYYY-MM-DD,"
                + " YYYY-MM-DDThh:mm:ss or a relative time such as -24h, -30m or -90s");
    }

    /** A tiny reader over the date text. */
    private static final class Cursor {
        private final String text;
        private final String clause;
        private int pos;

        Cursor(String text, String clause) {
            this.text = text;
            this.clause = clause;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        void skip() {
            pos++;
        }

        void expect(char c) {
            if (atEnd() || text.charAt(pos) != c) {
                throw notADate(text, clause);
            }
            pos++;
        }

        int digits(int count) {
            int value = 0;
            for (int i = 0; i < count; i++) {
                if (atEnd() || !Character.isDigit(text.charAt(pos)) || text.charAt(pos) > '9') {
                    throw notADate(text, clause);
                }
                value = value * 10 + (text.charAt(pos++) - '0');
            }
            return value;
        }

        /** Fraction of a second, any number of digits, truncated to milliseconds. */
        long fractionMillis() {
            int start = pos;
            long millis = 0;
            while (!atEnd() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                if (pos - start < 3) {
                    millis = millis * 10 + (text.charAt(pos) - '0');
                }
                pos++;
            }
            if (pos == start) {
                throw notADate(text, clause);
            }
            for (int digits = pos - start; digits < 3; digits++) {
                millis *= 10;
            }
            return millis;
        }
    }
}
