package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench ingress}: options of {@code io.lampblack.bench.IngressBench}, handed over as given. */
@Command(
        name = "ingress",
        description = {
            "The cost of ingress filters at intake.",
            "Per event, in process: no filter, then N filters that match next to nothing; decoding as the yardstick."
        })
final class BenchIngressCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--events", paramLabel = "N", description = "Synthetic events (default: 1,000,000).")
    Long events;

    @Option(names = "--filters", paramLabel = "N", description = "Filters (default: 10).")
    Integer filters;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds; the median counts (default: 5).")
    Integer rounds;

    List<String> benchArgs() {
        return new BenchCommand.Args("ingress")
                .option("--events", events)
                .option("--filters", filters)
                .option("--rounds", rounds)
                .list();
    }

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }
}
