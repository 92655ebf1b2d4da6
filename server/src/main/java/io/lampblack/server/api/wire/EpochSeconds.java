package io.lampblack.server.api.wire;

import java.time.Instant;

/** Carbon Black's live-response times: seconds since the epoch as a float, to the microsecond. */
final class EpochSeconds {

    private EpochSeconds() {}

    static double of(Instant t) {
        return t.getEpochSecond() + (t.getNano() / 1000) / 1_000_000.0;
    }
}
