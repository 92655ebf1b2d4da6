package io.lampblack.server.ban;

import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.BanList;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.ingest.JournaledUpload;
import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.problem.Problem;
import io.lampblack.server.problem.TextLimits;
import io.lampblack.server.process.SensorContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bans an analyst sets and sensors enforce. The enabled MD5s form a ban list whose version is a digest of its
 * contents, so a sensor that reports the version it holds at check-in gets the list only when it changed, and a
 * server restart changes nothing. Blocks that sensors report ({@code processblock} events) are counted on the ban.
 */
public final class Bans implements IngestRoute.OnJournaled, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bans.class);
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    /** The longest text a ban keeps (its column, and its history's). */
    public static final int MAX_TEXT = 4096;

    /** The MD5 is banned already. */
    public static final class AlreadyBannedException extends Exception implements Problem {
        AlreadyBannedException(String md5) {
            super(md5 + " is already banned");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }

        @Override
        public String reason() {
            return "already_banned";
        }
    }

    private final BanStore store;
    private final Clock clock;
    private final ExecutorService counter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ban-blocks").daemon(true).factory());
    private volatile BanList list;

    public Bans(BanStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.list = load();
    }

    /** A lower-case MD5, or {@link InvalidInput} ({@code invalid_md5}) for anything else. */
    public static String md5(String text) {
        String t = text == null ? "" : text.strip();
        if (!MD5.matcher(t).matches())
            throw new InvalidInput("invalid_md5", "not an MD5 (32 hex digits): '" + text + "'");
        return t.toLowerCase(Locale.ROOT);
    }

    public List<BannedHash> all(int limit) {
        return store.all(limit);
    }

    /** The ban of this MD5, in force or not; empty when it was never banned. */
    public Optional<BannedHash> find(String md5) {
        return store.find(md5(md5));
    }

    /** The ban of this MD5 while it is in force. */
    public Optional<BannedHash> banned(String md5) {
        return store.find(md5(md5)).filter(BannedHash::enabled);
    }

    public synchronized void ban(String md5, String text, String username) throws AlreadyBannedException {
        TextLimits.atMost("text", text, MAX_TEXT);
        String m = md5(md5);
        if (banned(m).isPresent()) throw new AlreadyBannedException(m);
        store.put(m, text, true, username, 0, clock.instant());
        list = load();
    }

    /** Changes a ban's text and whether it is in force; false when the MD5 was never banned. */
    public synchronized boolean update(String md5, String text, boolean enabled, String username) {
        TextLimits.atMost("text", text, MAX_TEXT);
        String m = md5(md5);
        Optional<BannedHash> old = store.find(m);
        if (old.isEmpty()) return false;
        store.put(m, text == null ? old.get().text() : text, enabled, username, 0, clock.instant());
        list = load();
        return true;
    }

    /** The enabled bans as sensors receive them. */
    public BanList list() {
        return list;
    }

    private BanList load() {
        List<String> md5s = store.enabledMd5s();
        long h = 0xcbf29ce484222325L;
        for (byte b : String.join(",", md5s).getBytes(StandardCharsets.US_ASCII)) h = (h ^ b) * 0x100000001b3L;
        return new BanList(HexFormat.of().toHexDigits(h), List.copyOf(md5s));
    }

    /** Counts the blocks an upload reports against their bans, off the journal's thread. */
    @Override
    public void journaled(JournaledUpload upload) {
        SensorContext sensor = upload.sensor();
        for (CbEventMsg ev : upload.log().events()) {
            if (!ev.hasBlocked()) continue;
            String md5 = Hashes.hexLower(ev.getBlocked().getBlockedmd5Hash());
            Instant at = Instant.ofEpochMilli(upload.serverTime());
            counter.execute(() -> {
                try {
                    store.blocked(md5, at, sensor.sensorId(), sensor.hostname());
                } catch (RuntimeException e) {
                    LOG.warn("cannot count a block of {} on sensor {}: {}", md5, sensor.sensorId(), e.toString());
                }
            });
        }
    }

    /** Waits until the blocks handed over so far are counted (tests). */
    public void drain() throws Exception {
        counter.submit(() -> {}).get();
    }

    @Override
    public void close() {
        counter.shutdown();
    }
}
