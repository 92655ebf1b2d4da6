package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench bus}: options of {@code io.lampblack.bench.BusBench}, handed over as given. */
@Command(
        name = "bus",
        description = {
            "The bus export benchmark.",
            "Each broker's ceiling (the embedded one, and RabbitMQ when one listens on port 5672 here), then ingest"
                    + " with per-event export off and on, and with bulk raw-data export; exports are measured by what a"
                    + " bound consumer receives."
        })
final class BenchBusCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--messages", paramLabel = "N", description = "Messages per ceiling (default: 300,000).")
    Long messages;

    @Option(names = "--events", paramLabel = "N", description = "Events per ingest run (default: 1,000,000).")
    Long events;

    @Option(
            names = "--ingest",
            arity = "1",
            paramLabel = "true|false",
            description = "false: the ceilings only (default: true).")
    Boolean ingest;

    List<String> benchArgs() {
        return new BenchCommand.Args("bus")
                .option("--messages", messages)
                .option("--events", events)
                .option("--ingest", ingest)
                .list();
    }

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }
}
