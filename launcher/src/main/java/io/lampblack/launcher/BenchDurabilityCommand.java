package io.lampblack.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench durability}: options of {@code io.lampblack.bench.DurabilityBench}, handed over as given. */
@Command(
        name = "durability",
        description = {
            "The kill -9 loop.",
            "A server in a child process is killed with SIGKILL at random moments during uploads and restarted;"
                    + " sensors re-send what was not acknowledged (and some that was). Counts acknowledged, found,"
                    + " duplicated and lost, and the restart times."
        })
final class BenchDurabilityCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--cycles", paramLabel = "N", description = "Kill-and-restart cycles (default: 20).")
    Integer cycles;

    @Option(names = "--sensors", paramLabel = "N", description = "Sensors uploading at once (default: 4).")
    Integer sensors;

    @Option(names = "--events-per-upload", paramLabel = "N", description = "Events per upload (default: 200).")
    Integer eventsPerUpload;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the events and kill moments (default: 1).")
    Long seed;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The checkout whose ./lampblack server is killed (default: this one).")
    Path home;

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(new BenchCommand.Args("durability")
                .option("--cycles", cycles)
                .option("--sensors", sensors)
                .option("--events-per-upload", eventsPerUpload)
                .option("--seed", seed)
                .option("--home", home)
                .list());
    }
}
