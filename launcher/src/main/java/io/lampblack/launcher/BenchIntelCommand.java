package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench intel}: options of {@code io.lampblack.bench.IntelBench}, handed over as given. */
@Command(
        name = "intel",
        description = {
            "The threat-intelligence benchmark.",
            "Ingest with a feed of random indicators and many watchlists against the same ingest with intelligence off;"
                    + " latency of feed and watchlist hits under that load, measured with probe uploads."
        })
final class BenchIntelCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--events", paramLabel = "N", description = "Events per ingest run (default: 1,000,000).")
    Long events;

    @Option(names = "--iocs", paramLabel = "N", description = "Indicators in the feed (default: 1,000,000).")
    Integer iocs;

    @Option(names = "--watchlists", paramLabel = "N", description = "Watchlists (default: 1,000).")
    Integer watchlists;

    @Option(
            names = "--pipeline-queue",
            paramLabel = "N",
            description = "The server's pipeline-queue setting, for both runs (default: the setting's).")
    Integer pipelineQueue;

    List<String> benchArgs() {
        return new BenchCommand.Args("intel")
                .option("--events", events)
                .option("--iocs", iocs)
                .option("--watchlists", watchlists)
                .option("--pipeline-queue", pipelineQueue)
                .list();
    }

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }
}
