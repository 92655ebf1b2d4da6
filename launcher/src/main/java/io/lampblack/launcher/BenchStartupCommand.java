package io.lampblack.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench startup}: options of {@code io.lampblack.bench.StartupBench}, handed over as given. */
@Command(
        name = "startup",
        description = {
            "The start-up benchmark.",
            "Times './lampblack server' until it answers HTTPS: on an empty data directory, on a warm one with a small"
                    + " journal left by kill -9, and on one whose whole journal must be replayed (then also until"
                    + " everything is searchable); alternating rounds, median (min, max)."
        })
final class BenchStartupCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of each case (default: 3).")
    Integer rounds;

    @Option(names = "--events", paramLabel = "N", description = "Events in the full journal (default: 1,000,000).")
    Long events;

    @Option(names = "--events-per-upload", paramLabel = "N", description = "Events per upload (default: 1000).")
    Integer eventsPerUpload;

    @Option(names = "--sensors", paramLabel = "N", description = "Simulated sensors (default: 10).")
    Integer sensors;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The checkout whose ./lampblack server is timed (default: this one), e.g. a baseline.")
    Path home;

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(new BenchCommand.Args("startup")
                .option("--rounds", rounds)
                .option("--events", events)
                .option("--events-per-upload", eventsPerUpload)
                .option("--sensors", sensors)
                .option("--home", home)
                .list());
    }
}
