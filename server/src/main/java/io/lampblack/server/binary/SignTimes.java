package io.lampblack.server.binary;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads {@code utf8_DigSig_SignTime}. Windows sensors send it as locale text in the endpoint's local time, e.g.
 * {@code 2:46 PM 9/29/2015}; Carbon Black converts it with the endpoint's time zone, which sensor protocol v1 does
 * not report, so it is read as UTC (docs/compatibility.md). ISO-8601 instants and {@code yyyy-MM-dd HH:mm:ss} are
 * accepted too, for sensors that send them. Anything else leaves the sign time unknown.
 */
final class SignTimes {

    private static final List<DateTimeFormatter> LOCAL_FORMATS = List.of(
            DateTimeFormatter.ofPattern("h:mm a M/d/uuuu", Locale.US),
            DateTimeFormatter.ofPattern("h:mm:ss a M/d/uuuu", Locale.US),
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]", Locale.US),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm[:ss]", Locale.US));

    private SignTimes() {}

    static OptionalLong parse(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Instant.parse(value).toEpochMilli());
        } catch (DateTimeParseException notAnInstant) {
            // fall through to the local forms
        }
        String upper = value.toUpperCase(Locale.ROOT);
        for (DateTimeFormatter format : LOCAL_FORMATS) {
            try {
                return OptionalLong.of(LocalDateTime.parse(upper, format)
                        .toInstant(ZoneOffset.UTC)
                        .toEpochMilli());
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return OptionalLong.empty();
    }
}
