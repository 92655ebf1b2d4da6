package io.lampblack.sensor.telemetry;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The running telemetry of this machine: processes, network connections, module loads, file modifications and module
 * info for every new binary, all handed to one {@link EventSink}.
 */
public interface Telemetry extends AutoCloseable {

    /**
     * Counters for the check-in status and the closing figures.
     *
     * @param processesMissed despite its name, every loss the telemetry knows of: events its queue could not hold,
     *                        process-connector overruns and file-notification queue overflows (each once, for an
     *                        unknown number of events), notifications that could not be handled
     */
    record Stats(long events, long processStarts, long processesMissed, String processSource) {}

    /**
     * Where a file with this MD5 (lower-case hex) that the telemetry reported in module info lies, while it is still
     * there with that content: what the sensor uploads when the server asks for the binary.
     */
    Optional<Path> fileFor(String md5);

    Stats stats();

    @Override
    void close();
}
