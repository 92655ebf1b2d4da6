package io.lampblack.server.binary;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;
import io.lampblack.server.process.ProcessMetadata;
import io.lampblack.server.process.ProcessSegment;
import java.util.List;
import java.util.Locale;

/**
 * Finds what one upload reveals about binaries: module-info events (the file's metadata and where it lies),
 * modloads (module MD5 and path), last writes of files with an MD5 (filemod op 8) and process images (the segments'
 * MD5 and path). Each observation is reduced to a 64-bit key of (MD5, sensor, path, hour of receipt) and looked up
 * in {@link SeenKeys} before anything is allocated; only observations not seen lately reach the sink. The hour in
 * the key is what keeps {@code last_seen} moving: a binary in constant use is recorded again once an hour.
 *
 * <p>Truncated MD5s (real sensors cut some at a zero byte) are not keys of any binary and are skipped.
 */
final class UploadScanner {

    /** Receives observations not seen lately. */
    interface Sink {
        void moduleInfo(ModuleInfo info, SensorSighting sensor, long serverTime);

        void sighting(String md5, SensorSighting sensor, String path, long serverTime);

        void sha256(String md5, String sha256);
    }

    private static final long HOUR_MILLIS = 3_600_000L;
    /** Distinguishes "this MD5's metadata was recorded" from the sightings of the same MD5. */
    private static final long INFO_SALT = 0x5bd1e9955bd1e995L;

    private final SeenKeys seen;

    UploadScanner(SeenKeys seen) {
        this.seen = seen;
    }

    void scan(SensorSighting sensor, long serverTime, DecodedEventLog log, List<ProcessSegment> segments, Sink sink) {
        long place = SeenKeys.mix(sensor.sensorId() * 0x9E3779B97F4A7C15L + serverTime / HOUR_MILLIS);
        for (CbEventMsg ev : log.events()) {
            if (ev.hasModule()) {
                moduleInfo(ev, sensor, serverTime, place, sink);
            } else if (ev.hasModload()) {
                rawSighting(ev.getModload().getMd5Hash(), pathOf(ev), sensor, serverTime, place, sink);
            } else if (ev.hasFilemod()) {
                CbFileModMsg f = ev.getFilemod();
                if (f.getAction() == CbFileModMsg.CbFileModAction.actionFileModLastWrite) {
                    rawSighting(f.getMd5Hash(), pathOf(ev), sensor, serverTime, place, sink);
                }
            }
        }
        for (ProcessSegment segment : segments) {
            ProcessMetadata meta = segment.meta();
            String path = ProcessMetadata.UNKNOWN.equals(meta.path()) ? "" : meta.path();
            if (!ModuleInfo.isMd5(meta.md5())) {
                continue;
            }
            if (!seen.seen(key(hexLong(meta.md5(), 0), hexLong(meta.md5(), 16), place, hashChars(path)))) {
                String md5 = meta.md5().toUpperCase(Locale.ROOT);
                sink.sighting(md5, sensor, path, serverTime);
                if (meta.sha256().length() == 64) {
                    sink.sha256(md5, meta.sha256().toUpperCase(Locale.ROOT));
                }
            }
        }
    }

    private void moduleInfo(CbEventMsg ev, SensorSighting sensor, long serverTime, long place, Sink sink) {
        ByteString md5 = ev.getModule().getMd5();
        long hi;
        long lo;
        if (md5.size() == 32 && Hashes.isAsciiHex(md5)) {
            hi = asciiHexLong(md5, 0);
            lo = asciiHexLong(md5, 16);
        } else if (md5.size() == 16) {
            hi = rawLong(md5, 0);
            lo = rawLong(md5, 8);
        } else {
            return;
        }
        String path = ev.getModule().getUtf8OnDiskFilename().strip();
        boolean infoKnown = seen.seen(SeenKeys.mix(hi ^ SeenKeys.mix(lo ^ INFO_SALT)));
        boolean placeKnown = seen.seen(key(hi, lo, place, hashChars(path)));
        if (infoKnown && placeKnown) {
            return;
        }
        ModuleInfo.from(ev.getModule()).ifPresent(info -> {
            if (!infoKnown) {
                sink.moduleInfo(info, sensor, serverTime);
            } else {
                sink.sighting(info.md5(), sensor, info.onDiskFilename(), serverTime);
            }
        });
    }

    private void rawSighting(
            ByteString md5, ByteString path, SensorSighting sensor, long serverTime, long place, Sink sink) {
        if (md5.size() != 16) {
            return;
        }
        if (!seen.seen(key(rawLong(md5, 0), rawLong(md5, 8), place, hashBytes(path)))) {
            sink.sighting(Hashes.hexUpper(md5), sensor, path.toStringUtf8(), serverTime);
        }
    }

    /** The event's path from its own string dictionary, without decoding it. */
    private static ByteString pathOf(CbEventMsg ev) {
        long ref = ev.getHeader().getFilepathStringGuid();
        for (CbStringMsg s : ev.getStringsList()) {
            if (s.getGuid() == ref) {
                return s.getUtf8String();
            }
        }
        return ByteString.EMPTY;
    }

    private static long key(long md5Hi, long md5Lo, long place, long pathHash) {
        return SeenKeys.mix(md5Hi ^ SeenKeys.mix(md5Lo ^ SeenKeys.mix(place ^ pathHash)));
    }

    /**
     * The path's own hash, spread to 64 bits. ByteString and String cache their hash codes and compute them in a
     * tight loop, which is most of the scan's cost saved; 32 bits are plenty to tell apart the paths of one MD5 on
     * one sensor. A path reported as bytes and as text, or in two cases, gets two keys: it is merely recorded twice.
     */
    private static long hashBytes(ByteString path) {
        return SeenKeys.mix(path.hashCode() ^ (long) path.size() << 32);
    }

    private static long hashChars(String path) {
        return SeenKeys.mix(path.hashCode() ^ (long) path.length() << 32);
    }

    private static long rawLong(ByteString b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (b.byteAt(i) & 0xFF);
        }
        return v;
    }

    private static long asciiHexLong(ByteString b, int from) {
        long v = 0;
        for (int i = from; i < from + 16; i++) {
            v = v << 4 | Character.digit((char) (b.byteAt(i) & 0xFF), 16);
        }
        return v;
    }

    /** 16 hex digits of an already validated MD5 from {@code from}, as a long. */
    private static long hexLong(String hex, int from) {
        long v = 0;
        for (int i = from; i < from + 16; i++) {
            v = v << 4 | Character.digit(hex.charAt(i), 16);
        }
        return v;
    }
}
