package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench lr}: options of {@code io.lampblack.bench.LiveResponseBench}, handed over as given. */
@Command(
        name = "lr",
        description = {
            "Live response with many sessions open at once.",
            "A server with its session limit raised; simulated sensors each holding the live-response poll and one"
                    + " session opened through the REST API as cbapi opens it; commands issued on all sessions at"
                    + " once: p50/p99 round trip from POST command to complete (?wait=true), sessions held, server"
                    + " heap and CPU-seconds per command, against a plain authenticated REST GET at the same"
                    + " concurrency in alternating rounds."
        })
final class BenchLrCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--sensors", paramLabel = "N", description = "Sensors, one session each (default: 1000).")
    Integer sensors;

    @Option(
            names = "--commands",
            paramLabel = "N",
            description = "Commands per session per round, one after another (default: 5).")
    Integer commands;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description = "Rounds of each kind, baseline and live response alternating (default: 3).")
    Integer rounds;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description = "Sessions driven at once (default: all; fewer shows the round trip without queueing).")
    Integer concurrency;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Open loop: R commands per second in all, each session on a fixed schedule, latency from"
                    + " the scheduled start (default: 0, the closed loop).")
    Double rate;

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }

    List<String> benchArgs() {
        return new BenchCommand.Args("lr")
                .option("--sensors", sensors)
                .option("--commands", commands)
                .option("--rounds", rounds)
                .option("--concurrency", concurrency)
                .option("--rate", rate)
                .list();
    }
}
