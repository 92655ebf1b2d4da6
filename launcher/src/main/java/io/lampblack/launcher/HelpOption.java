package io.lampblack.launcher;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} on every command: its usage on stdout, status 0. (Picocli's standard help options would also
 * add a {@code --version} with nothing to print.)
 */
final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean requested;
}
