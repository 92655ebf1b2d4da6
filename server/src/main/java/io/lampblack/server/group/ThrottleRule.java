package io.lampblack.server.group;

import io.lampblack.server.problem.InvalidInput;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bandwidth rule of a site (reference §4.6): on {@code dayOfWeek} between {@code from} and {@code to} (HH:MM) the
 * site's sensors should send at most {@code bytesPerSecond}. Stored and reported; this server does not throttle.
 */
public record ThrottleRule(int id, int siteId, String dayOfWeek, String from, String to, long bytesPerSecond) {

    private static final Set<String> DAYS =
            Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    /** @throws InvalidInput ({@code invalid_throttle}) naming the field at fault */
    public ThrottleRule {
        if (siteId <= 0) throw invalid("site_id must be a positive site id");
        dayOfWeek = dayOfWeek == null ? "" : dayOfWeek.strip().toLowerCase(Locale.ROOT);
        if (!DAYS.contains(dayOfWeek)) throw invalid("day_of_week must be a day name (Monday ... Sunday)");
        if (from == null || !TIME.matcher(from).matches()) throw invalid("from must be a time HH:MM");
        if (to == null || !TIME.matcher(to).matches()) throw invalid("to must be a time HH:MM");
        if (bytesPerSecond <= 0) throw invalid("bytes_per_second must be a positive number");
    }

    public ThrottleRule withId(int newId) {
        return new ThrottleRule(newId, siteId, dayOfWeek, from, to, bytesPerSecond);
    }

    private static InvalidInput invalid(String message) {
        return new InvalidInput("invalid_throttle", message);
    }
}
