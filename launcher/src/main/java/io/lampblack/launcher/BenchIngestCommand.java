package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench ingest}: options of {@code io.lampblack.bench.IngestBench}, handed over as given. */
@Command(
        name = "ingest",
        description = {
            "The ingest benchmark.",
            "Simulated sensors in a separate JVM upload pre-encoded event logs over HTTPS, measured from the first upload"
                    + " until every event is searchable, after a warm-up; the ceiling: the same uploads decoded,"
                    + " assembled and indexed in-process."
        })
final class BenchIngestCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--events", paramLabel = "N", description = "Events in total (default: 2,000,000).")
    Long events;

    @Option(names = "--sensors", paramLabel = "N", description = "Simulated sensors (default: 20).")
    Integer sensors;

    @Option(names = "--events-per-upload", paramLabel = "N", description = "Events per upload (default: 1000).")
    Integer eventsPerUpload;

    @Option(names = "--connections", paramLabel = "N", description = "Concurrent uploads (default: 8).")
    Integer connections;

    @Option(names = "--index-threads", paramLabel = "N", description = "The server's index threads (default: 2).")
    Integer indexThreads;

    List<String> benchArgs() {
        return new BenchCommand.Args("ingest")
                .option("--events", events)
                .option("--sensors", sensors)
                .option("--events-per-upload", eventsPerUpload)
                .option("--connections", connections)
                .option("--index-threads", indexThreads)
                .list();
    }

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }
}
