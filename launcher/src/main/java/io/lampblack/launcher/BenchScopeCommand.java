package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench scope}: options of {@code io.lampblack.bench.ScopeBench}, handed over as given. */
@Command(
        name = "scope",
        description = {
            "What filtering a process search to a caller's sensor groups costs.",
            "Loads the query benchmark's synthetic events, then runs its query mix with no scope (a global"
                    + " administrator) and with the sensors of most groups, alternately; p50/p99 of both and their"
                    + " ratio per class."
        })
final class BenchScopeCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--events",
            paramLabel = "N",
            converter = BenchQueryCommand.Count.class,
            description = "Events to load (default: 10,000,000).")
    Long events;

    @Option(names = "--small", description = "A development run: 300,000 events, 10 sensors, fewer iterations.")
    boolean small;

    @Option(names = "--sensors", paramLabel = "N", description = "Sensors (default: 50).")
    Integer sensors;

    @Option(names = "--iterations", paramLabel = "N", description = "Measured iterations per class (default: 200).")
    Integer iterations;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up iterations per class (default: 50).")
    Integer warmup;

    @Option(names = "--seconds", paramLabel = "S", description = "Cap on one class's measured phase (default: 30).")
    Double seconds;

    @Option(
            names = "--skip-every",
            paramLabel = "N",
            description = "Leave every N-th sensor out of the scope (default: 10, a scope of 90 % of the sensors).")
    Integer skipEvery;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Keep the loaded data there and reuse it (a bench query --data directory of the same shape"
                    + " works too; default: a temporary directory).")
    String data;

    List<String> benchArgs() {
        return new BenchCommand.Args("scope")
                .flag("--small", small)
                .option("--events", events)
                .option("--sensors", sensors)
                .option("--iterations", iterations)
                .option("--warmup", warmup)
                .option("--seconds", seconds)
                .option("--skip-every", skipEvery)
                .option("--data", data)
                .list();
    }

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }
}
