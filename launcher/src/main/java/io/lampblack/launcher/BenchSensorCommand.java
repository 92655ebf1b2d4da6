package io.lampblack.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench sensor}: options of {@code io.lampblack.bench.SensorBench}, handed over as given. */
@Command(
        name = "sensor",
        description = {
            "The Linux sensor's telemetry benchmark (run as root for the process connector).",
            "Netlink (subject) against /proc polling (baseline) in alternating rounds: idle CPU (%% of a core) and RSS"
                    + " of a JVM running the telemetry on this machine; a fork storm (processes started, captured,"
                    + " missed) and CPU-seconds per 1,000 processes."
        })
final class BenchSensorCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of each mode (default: 3).")
    Integer rounds;

    @Option(names = "--idle-seconds", paramLabel = "S", description = "Idle measurement per round (default: 60).")
    Integer idleSeconds;

    @Option(names = "--storm-rate", paramLabel = "N", description = "Processes started per second (default: 2000).")
    Integer stormRate;

    @Option(names = "--storm-seconds", paramLabel = "S", description = "Length of the storm (default: 10).")
    Integer stormSeconds;

    @Option(
            names = "--jvm-flags",
            paramLabel = "FLAGS",
            description = "Flags of the telemetry's JVM (default: -XX:+UseSerialGC -Xms16m -Xmx96m"
                    + " -XX:TieredStopAtLevel=1).")
    String jvmFlags;

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(new BenchCommand.Args("sensor")
                .option("--rounds", rounds)
                .option("--idle-seconds", idleSeconds)
                .option("--storm-rate", stormRate)
                .option("--storm-seconds", stormSeconds)
                .option("--jvm-flags", jvmFlags)
                .list());
    }
}
