package io.lampblack.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The one entry point behind {@code ./lampblack}: server, demo, replay, simulate, sensor, bench, backup, restore. */
@Command(
        name = "./lampblack",
        synopsisSubcommandLabel = "COMMAND",
        description = "Lampblack, an EDR server that speaks the Carbon Black EDR APIs.",
        subcommands = {
            ServerCommand.class,
            DemoCommand.class,
            ReplayCommand.class,
            SimulateCommand.class,
            SensorCommand.class,
            BenchCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            HelpCommand.class
        },
        footer = {"", "'./lampblack COMMAND --help' describes a command's options."})
public final class Lampblack implements Runnable {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // This JVM is the sensor alone: a thread of it that dies of an Error ends it (SensorMain says why).
        if (args.length > 0 && args[0].equals("sensor")) io.lampblack.sensor.agent.SensorMain.exitOnUncaughtError();
        int status = commandLine().execute(args);
        // Success returns normally, as before picocli: a server's main thread wakes up only during JVM shutdown.
        if (status != 0) System.exit(status);
    }

    /** The command tree, configured as the launcher runs it; tests use it with their own output streams. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Lampblack());
        // '@' starts many a token or password: it never names a file of arguments here.
        cl.setExpandAtFiles(false);
        // An option given twice takes the last value, as ServerSettings does for settings.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler(Lampblack::badArguments);
        cl.setExecutionExceptionHandler(Lampblack::failed);
        // On this command's spec alone: CommandLine.setHelpSectionMap would give every subcommand this list too.
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Lampblack::commandsAndTest);
        usage.sectionMap(sections);
        return cl;
    }

    /** Without a command: the overview. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The commands, and {@code test} and {@code format}: the script runs those itself (through Maven), but they belong in the list. */
    private static String commandsAndTest(Help help) {
        Map<String, Help> commands = new LinkedHashMap<>(help.subcommands());
        CommandSpec test = CommandSpec.create().name("test");
        test.usageMessage().description("The full test suite: unit and integration tests of every module.");
        commands.put("test", new Help(test, help.colorScheme()));
        CommandSpec format = CommandSpec.create().name("format");
        format.usageMessage().description("Applies the code style (palantir-java-format); test checks it first.");
        commands.put("format", new Help(format, help.colorScheme()));
        return help.commandList(commands);
    }

    /** A bad command line: what is wrong, the command's synopsis, where to read more; status 2. */
    private static int badArguments(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("lampblack: " + message(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(cmd.getHelp().synopsisHeading()
                + cmd.getHelp().synopsis(cmd.getHelp().synopsisHeadingLength()));
        err.printf(
                "Try '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Picocli's message, but a stray word is named for what it is rather than by its index among the arguments. */
    private static String message(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u)
                || u.isUnknownOption()
                || u.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        Map<String, CommandLine> commands = e.getCommandLine().getSubcommands();
        if (!commands.isEmpty()) {
            return "unknown command '" + u.getUnmatched().getFirst() + "' (there are: "
                    + String.join(", ", commands.keySet()) + ")";
        }
        return "unexpected argument" + (u.getUnmatched().size() > 1 ? "s" : "") + ": '"
                + String.join("', '", u.getUnmatched()) + "'";
    }

    /**
     * A command failed. An IllegalArgumentException is a value the command could not use (say, bench query's
     * --connections not below --sensors): its message and status 2, as before picocli. Anything else is a failure,
     * reported by picocli with its stack trace and status 1.
     */
    private static int failed(Exception e, CommandLine cmd, ParseResult parsed) throws Exception {
        if (!(e instanceof IllegalArgumentException)) throw e;
        cmd.getErr().println("lampblack: " + e.getMessage());
        cmd.getErr().flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The checkout the script runs from ({@code lampblack.home}, set by {@code ./lampblack}). */
    static Path projectHome() {
        return Path.of(System.getProperty("lampblack.home", ".")).toAbsolutePath();
    }
}
