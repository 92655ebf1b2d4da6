package io.lampblack.sensor.agent;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One event log on the spool: {@code <sequence>-<run>-<events>.gz}. The sequence orders the logs (oldest first,
 * across restarts); the run (random per start of the sensor) and the sequence make the upload id, so the id is
 * unique for this sensor and stays the same for every resend of the same bytes; the event count is what is counted
 * as dropped if the log has to be.
 */
record SpoolFile(Path path, long sequence, String run, int events, long bytes) implements Comparable<SpoolFile> {

    private static final Pattern NAME = Pattern.compile("(\\d{20})-([0-9a-f]{8})-(\\d+)\\.gz");

    static String name(long sequence, String run, int events) {
        return String.format("%020d-%s-%d.gz", sequence, run, events);
    }

    static Optional<SpoolFile> parse(Path p, long bytes) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) return Optional.empty();
        return Optional.of(
                new SpoolFile(p, Long.parseLong(m.group(1)), m.group(2), Integer.parseInt(m.group(3)), bytes));
    }

    /** The upload id (sensor-protocol.md §4): 1-128 characters of {@code A-Z a-z 0-9 . _ : -}. */
    String uploadId() {
        return run + "-" + sequence;
    }

    @Override
    public int compareTo(SpoolFile o) {
        return Long.compare(sequence, o.sequence);
    }
}
