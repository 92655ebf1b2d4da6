package io.lampblack.launcher;

import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
 * {@code ./lampblack server}: starts the server and serves until the JVM is told to stop. The settings are not
 * picocli options: {@link ServerSettings} declares each one (default, validator, documentation), parses them and
 * lists them in the help, so that a new setting needs no change here.
 */
@Command(
        name = "server",
        modelTransformer = ServerCommand.SettingsInHelp.class,
        customSynopsis = "${COMMAND-FULL-NAME} [-h] [--KEY VALUE | --KEY=VALUE]...",
        description = {
            "Start the server (server --help lists every setting).",
            "HTTPS API and sensor intake, the embedded AMQP broker unless --bus names one; prints the URL, the"
                    + " admin's API token and the bus URL, and serves until Ctrl-C."
        })
final class ServerCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** Everything after {@code server}: settings for {@link ServerSettings#fromArgs}. */
    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        awaitShutdown(start(settings(spec, settings)));
        return 0;
    }

    /** The settings of a command line; one ServerSettings refuses is a bad argument of {@code command}. */
    static ServerSettings settings(CommandSpec command, List<String> args) {
        try {
            return ServerSettings.fromArgs(args);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }

    static LampblackServer start(ServerSettings settings) throws Exception {
        LampblackServer s = LampblackServer.start(settings);
        System.out.println("Lampblack is running at " + s.url());
        System.out.println("  API token (user admin): " + s.adminToken().orElse("(see " + s.serverInfoFile() + ")"));
        System.out.println("  message bus (AMQP):     " + s.busUrl());
        System.out.println("  TLS certificate:        " + s.dataDir().resolve("tls/server.crt"));
        System.out.println("  server info:            " + s.serverInfoFile());
        return s;
    }

    /** Blocks until the JVM shuts down (Ctrl-C, SIGTERM), closing the server on the way out. */
    static void awaitShutdown(LampblackServer s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            s.close();
                            done.countDown();
                        },
                        "shutdown"));
        done.await();
    }

    /** The help ends with ServerSettings' own list (as is: picocli would re-wrap its two-column layout). */
    static final class SettingsInHelp implements IModelTransformer {

        @Override
        public CommandSpec transform(CommandSpec spec) {
            Map<String, IHelpSectionRenderer> sections =
                    new LinkedHashMap<>(spec.usageMessage().sectionMap());
            sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> System.lineSeparator() + ServerSettings.help());
            spec.usageMessage().sectionMap(sections);
            return spec;
        }
    }
}
