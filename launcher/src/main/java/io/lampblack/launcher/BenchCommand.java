package io.lampblack.launcher;

import io.lampblack.bench.Bench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./lampblack bench}: the benchmarks of the bench module. Each subcommand declares its benchmark's options
 * (for help and checking) and hands over only those given, so the benchmark's own defaults apply to the rest.
 */
@Command(
        name = "bench",
        synopsisSubcommandLabel = "[BENCHMARK]",
        description = {
            "Benchmarks: ingest, query, bus, intel, ingress, startup, durability, scope, checkin, lr, sensor; compare runs one against a baseline checkout;"
                    + " fuzz runs a fuzz target.",
            "Each prints one line per figure, with a ceiling or baseline measured in the same run. Without a"
                    + " benchmark: ingest with its defaults."
        },
        subcommands = {
            BenchIngestCommand.class,
            BenchQueryCommand.class,
            BenchBusCommand.class,
            BenchIntelCommand.class,
            BenchIngressCommand.class,
            BenchCompareCommand.class,
            BenchFuzzCommand.class,
            BenchStartupCommand.class,
            BenchDurabilityCommand.class,
            BenchScopeCommand.class,
            BenchCheckinCommand.class,
            BenchLrCommand.class,
            BenchSensorCommand.class
        })
final class BenchCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Override
    public Integer call() throws Exception {
        return run(List.of("ingest"));
    }

    /** Runs a benchmark: its name, then its options. */
    static int run(List<String> args) throws Exception {
        Bench.main(args.toArray(String[]::new));
        return 0;
    }

    /** A benchmark's arguments: its name, then the options that were given. */
    static final class Args {

        private final List<String> list = new ArrayList<>();

        Args(String benchmark) {
            list.add(benchmark);
        }

        /** {@code name value}, when the option was given (not null). */
        Args option(String name, Object value) {
            if (value != null) {
                list.add(name);
                list.add(value.toString());
            }
            return this;
        }

        /** A flag, when set. */
        Args flag(String name, boolean set) {
            if (set) list.add(name);
            return this;
        }

        List<String> list() {
            return List.copyOf(list);
        }
    }
}
