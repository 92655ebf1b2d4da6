package io.lampblack.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench checkin}: options of {@code io.lampblack.bench.CheckinBench}, handed over as given. */
@Command(
        name = "checkin",
        description = {
            "How many sensors one server keeps checking in.",
            "Simulated sensors check in every interval over a bounded pool of keep-alive connections, with an action"
                    + " queued for a random sensor every second; for each step of the ramp: p50/p99 latency and the"
                    + " server's CPU per 1,000 check-ins. Then ingest with the largest passing number of sensors"
                    + " checking in and without, alternating rounds."
        })
final class BenchCheckinCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--ramp",
            paramLabel = "N,N,...",
            description = "Sensor counts, one step each (default: 2500,5000,10000,20000,40000).")
    String ramp;

    @Option(names = "--seconds", paramLabel = "S", description = "Seconds per step (default: 60).")
    Integer seconds;

    @Option(names = "--connections", paramLabel = "N", description = "Keep-alive connections (default: 16).")
    Integer connections;

    @Option(names = "--interval", paramLabel = "S", description = "Check-in interval in seconds (default: 30).")
    Integer interval;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description = "Ingest rounds with check-ins off and on each (default: 3; 0 skips).")
    Integer rounds;

    @Option(names = "--events", paramLabel = "N", description = "Events per ingest round (default: 1000000).")
    Long events;

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(new BenchCommand.Args("checkin")
                .option("--ramp", ramp)
                .option("--seconds", seconds)
                .option("--connections", connections)
                .option("--interval", interval)
                .option("--rounds", rounds)
                .option("--events", events)
                .list());
    }
}
