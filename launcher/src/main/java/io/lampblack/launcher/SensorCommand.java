package io.lampblack.launcher;

import io.lampblack.sensor.agent.SensorMain;
import io.lampblack.sensor.agent.SensorOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./lampblack sensor}: the Lampblack sensor for this Linux machine. Its options are the sensor's own
 * ({@link SensorOptions}, the same the installed sensor takes), passed through unchanged.
 */
@Command(
        name = "sensor",
        modelTransformer = SensorCommand.OptionsInHelp.class,
        customSynopsis = "${COMMAND-FULL-NAME} [-h] --server URL [--OPTION VALUE]...",
        description = {
            "Run the Lampblack sensor for this Linux machine against a server.",
            "Registers once (identity kept in --data), then reports this machine's processes, network connections,"
                    + " module loads and file modifications, checks in, and carries out what the server asks; events"
                    + " wait in an on-disk spool while the server is away. Runs until Ctrl-C or until the server"
                    + " uninstalls it. As root it sees every process, as another user what that user may see."
        })
final class SensorCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    /** Everything after {@code sensor}: the sensor's own options. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SensorOptions options;
        try {
            options = SensorMain.options(args);
        } catch (IllegalArgumentException e) {
            // A bad command line like any other: what is wrong, the synopsis, status 2.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return SensorMain.run(options);
    }

    /** The help ends with the sensor's options, as the sensor lists them. */
    static final class OptionsInHelp implements IModelTransformer {

        @Override
        public CommandSpec transform(CommandSpec spec) {
            Map<String, IHelpSectionRenderer> sections =
                    new LinkedHashMap<>(spec.usageMessage().sectionMap());
            sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
                StringBuilder b = new StringBuilder(System.lineSeparator()).append("Options:");
                for (String line : SensorOptions.USAGE)
                    b.append(System.lineSeparator()).append("  ").append(line);
                return b.append(System.lineSeparator()).toString();
            });
            spec.usageMessage().sectionMap(sections);
            return spec;
        }
    }
}
