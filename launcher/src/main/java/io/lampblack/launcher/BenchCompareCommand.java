package io.lampblack.launcher;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./lampblack bench compare}: options of {@code io.lampblack.bench.RevisionComparison}, handed over as given. */
@Command(
        name = "compare",
        description = {
            "One benchmark on a baseline checkout and on this one, alternately.",
            "Rounds alternate baseline, this, baseline, this ...; per figure: each side's median and the median ratio"
                    + " with its min-max. Example: bench compare --baseline ../base -- query --small"
        })
final class BenchCompareCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--baseline",
            paramLabel = "DIR",
            required = true,
            description = "Another checkout of the project (e.g. a git worktree of the commit before a change).")
    String baseline;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds per side (default: 3).")
    Integer rounds;

    @Option(
            names = "--figures",
            paramLabel = "REGEX",
            description = "Only figures whose name contains a match (default: all).")
    String figures;

    @Parameters(
            paramLabel = "BENCHMARK",
            arity = "1..*",
            description = "After --: the benchmark and its options, e.g. -- ingest --events 1000000.")
    List<String> benchmark;

    List<String> benchArgs() {
        BenchCommand.Args args = new BenchCommand.Args("compare")
                .option("--baseline", baseline)
                .option("--rounds", rounds)
                .option("--figures", figures);
        return java.util.stream.Stream.concat(args.list().stream(), benchmark.stream())
                .toList();
    }

    @Override
    public Integer call() throws Exception {
        return BenchCommand.run(benchArgs());
    }
}
