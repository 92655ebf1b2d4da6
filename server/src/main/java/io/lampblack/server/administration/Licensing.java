package io.lampblack.server.administration;

import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.problem.TextLimits;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The license, as far as there is one: this server is licensed for any number of sensors for ever. Clients still ask
 * for a license request block (a text they would send to the vendor) and may apply a license; the block applied is
 * kept, with when, and changes nothing.
 */
public final class Licensing {

    /**
     * What "unlimited" is on the wire: clients compare {@code actual_sensor_count} with it, so the largest count the
     * field's type holds, never exceeded.
     */
    public static final int UNLIMITED_SENSORS = Integer.MAX_VALUE;

    /** A license that never ends, as a date every client parses. */
    public static final LocalDate END_DATE = LocalDate.of(9999, 12, 31);

    static final String SERVER_TOKEN = "license.server_token";
    static final String APPLIED = "license.applied";
    static final String APPLIED_AT = "license.applied_at";
    static final int MAX_BLOCK = 65_536;

    /** What {@code /api/license} and {@code /api/v1/license} report. */
    public record Status(String serverToken, String requestBlock, int actualSensorCount, Optional<String> appliedAt) {
        public boolean valid() {
            return true;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SettingStore settings;
    private final Clock clock;

    public Licensing(SettingStore settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Status status(int actualSensorCount) {
        String token = serverToken();
        return new Status(token, "LAMPBLACK-UNLIMITED-" + token, actualSensorCount, settings.get(APPLIED_AT));
    }

    /** Keeps an applied license block (it changes nothing here). */
    public void apply(String block) {
        if (block == null || block.isBlank()) throw new InvalidInput("invalid_license", "'license' is required");
        TextLimits.atMost("license", block, MAX_BLOCK);
        settings.putAll(Map.of(APPLIED, block, APPLIED_AT, clock.instant().toString()));
    }

    /** A random id of this installation, made on first use and kept (Carbon Black's {@code server_token}). */
    private synchronized String serverToken() {
        Optional<String> t = settings.get(SERVER_TOKEN);
        if (t.isPresent()) return t.get();
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        settings.putAll(Map.of(SERVER_TOKEN, token));
        return token;
    }
}
