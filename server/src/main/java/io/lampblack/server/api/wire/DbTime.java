package io.lampblack.server.api.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Carbon Black's database time text ({@code 2018-02-06 12:44:40.002234+00:00}, reference §1.5), in UTC. */
public final class DbTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private DbTime() {}

    public static String of(Instant t) {
        return FORMAT.format(t);
    }
}
