package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack bench fuzz}: options of {@code io.lampblack.bench.fuzz.FuzzBench}, handed over as given. */
@Command(
        name = "fuzz",
        description = {
            "A long coverage-guided fuzzing run (Jazzer) of one fuzz target; ./lampblack test fuzzes each for seconds.",
            "Targets: upload (the event-log decoder: gzip, zip and bare framing, protobuf, size and event limits);"
                    + " query (the process and binary query languages: parse, or 400 query_malformed_syntax)."
                    + " A finding stops the run and is written to the working directory as crash-* with its stack trace."
        })
final class BenchFuzzCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--target",
            paramLabel = "NAME",
            required = true,
            description = "The fuzz target (upload or query).")
    String target;

    @Option(names = "--seconds", paramLabel = "N", description = "How long to fuzz (default: 60).")
    Integer seconds;

    @Option(
            names = "--corpus",
            paramLabel = "DIR",
            description = "Corpus directory, kept and grown (default: a new temporary one).")
    String corpus;

    List<String> benchArgs() {
        return new BenchCommand.Args("fuzz")
                .option("--target", target)
                .option("--seconds", seconds)
                .option("--corpus", corpus)
                .list();
    }

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }
}
