package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench query}: options of {@code io.lampblack.bench.QueryBench}, handed over as given. */
@Command(
        name = "query",
        description = {
            "The query benchmark.",
            "Loads synthetic events through the HTTPS sensor path into a started server, then runs a fixed query mix"
                    + " through the server's search and, alternately, as the same queries built by hand on Lucene (the"
                    + " ceiling); REST latency for a few classes; load rate and index size."
        })
final class BenchQueryCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--events",
            paramLabel = "N",
            converter = Count.class,
            description = "Events to load; 10_000_000 and 10,000,000 are read too (default: 10,000,000).")
    Long events;

    @Option(
            names = "--small",
            description = "A development run: 300,000 events, 10 sensors, fewer iterations and"
                    + " REST requests; options given with it override those.")
    boolean small;

    @Option(names = "--sensors", paramLabel = "N", description = "Sensors (default: 50; more than --connections).")
    Integer sensors;

    @Option(names = "--events-per-upload", paramLabel = "N", description = "Events per upload (default: 1000).")
    Integer eventsPerUpload;

    @Option(names = "--connections", paramLabel = "N", description = "Concurrent uploads while loading (default: 4).")
    Integer connections;

    @Option(names = "--iterations", paramLabel = "N", description = "Measured iterations per class (default: 200).")
    Integer iterations;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up iterations per class (default: 50).")
    Integer warmup;

    @Option(names = "--seconds", paramLabel = "S", description = "Cap on one class's measured phase (default: 30).")
    Double seconds;

    @Option(names = "--rest-requests", paramLabel = "N", description = "REST requests per class (default: 100).")
    Integer restRequests;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Keep the loaded server data there and reuse it on the"
                    + " next run instead of loading again (default: a temporary directory).")
    String data;

    /** {@code --small} first: QueryBench applies options in order, and the ones given must override its presets. */
    List<String> benchArgs() {
        return new BenchCommand.Args("query")
                .flag("--small", small)
                .option("--events", events)
                .option("--sensors", sensors)
                .option("--events-per-upload", eventsPerUpload)
                .option("--connections", connections)
                .option("--iterations", iterations)
                .option("--warmup", warmup)
                .option("--seconds", seconds)
                .option("--rest-requests", restRequests)
                .option("--data", data)
                .list();
    }

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }

    /** A count that may be written with digit separators, as QueryBench reads it. */
    static final class Count implements ITypeConverter<Long> {

        @Override
        public Long convert(String value) {
            return Long.parseLong(value.replace("_", "").replace(",", ""));
        }
    }
}
