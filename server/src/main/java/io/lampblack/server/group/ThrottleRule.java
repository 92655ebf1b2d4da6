package io.lampblack.server.group;

import io.lampblack.server.problem.InvalidInput;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bandwidth rule of a site (reference §4.6): on {@code dayOfWeek} between {@code from} and {@code to} (HH:MM) the
 * site's sensors should send at most {@code bytesPerSecond}. Stored and reported; this server does not throttle.
 *
 * <p>cbapi's model types {@code day_of_week}, {@code from} and {@code to} as integers, so that is how they are shown
 * ({@link #dayNumber()}: 0 Sunday ... 6 Saturday; {@link #fromMinutes()}/{@link #toMinutes()}: minutes after
 * midnight); a rule is also accepted with a day name and HH:MM times.
 */
public record ThrottleRule(int id, int siteId, String dayOfWeek, String from, String to, long bytesPerSecond) {

    private static final Set<String> DAYS =
            Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,4}");
    /** Day numbers as cron counts them. */
    private static final List<String> WEEK =
            List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");

    /** @throws InvalidInput ({@code invalid_throttle}) naming the field at fault */
    public ThrottleRule {
        if (siteId <= 0) throw invalid("site_id must be a positive site id");
        dayOfWeek = dayOfWeek == null ? "" : dayOfWeek.strip().toLowerCase(Locale.ROOT);
        if (NUMBER.matcher(dayOfWeek).matches() && Integer.parseInt(dayOfWeek) < WEEK.size()) {
            dayOfWeek = WEEK.get(Integer.parseInt(dayOfWeek));
        }
        if (!DAYS.contains(dayOfWeek)) {
            throw invalid("day_of_week must be 0 (Sunday) ... 6 (Saturday) or a day name");
        }
        from = clock(from, "from");
        to = clock(to, "to");
        if (bytesPerSecond <= 0) throw invalid("bytes_per_second must be a positive number");
    }

    /** A time as HH:MM, given as HH:MM or as minutes after midnight. */
    private static String clock(String time, String field) {
        String t = time == null ? "" : time.strip();
        if (NUMBER.matcher(t).matches() && Integer.parseInt(t) < 24 * 60) {
            int minutes = Integer.parseInt(t);
            return "%02d:%02d".formatted(minutes / 60, minutes % 60);
        }
        if (!TIME.matcher(t).matches()) throw invalid(field + " must be minutes after midnight (0-1439) or HH:MM");
        return t;
    }

    /** 0 Sunday ... 6 Saturday. */
    public int dayNumber() {
        return WEEK.indexOf(dayOfWeek);
    }

    public int fromMinutes() {
        return minutes(from);
    }

    public int toMinutes() {
        return minutes(to);
    }

    private static int minutes(String hhmm) {
        return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
    }

    public ThrottleRule withId(int newId) {
        return new ThrottleRule(newId, siteId, dayOfWeek, from, to, bytesPerSecond);
    }

    private static InvalidInput invalid(String message) {
        return new InvalidInput("invalid_throttle", message);
    }
}
