package io.lampblack.launcher;

import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.Secrets;
import io.lampblack.server.config.ServerSettings;
import java.io.Console;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            "HTTPS API and sensor intake, the embedded AMQP broker unless --bus names one; prints the URL and the"
                    + " bus URL (password masked) and serves until Ctrl-C. The admin's API token and the sensor"
                    + " registration token are shown on the terminal once, on the start that creates them; they are"
                    + " in DATA/server-info.json (readable by its owner only)."
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
            return ServerSettings.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }

    static LampblackServer start(ServerSettings settings) throws Exception {
        LampblackServer s = LampblackServer.start(settings);
        printStarted(s, System.out, onTerminal());
        return s;
    }

    /** Whether standard output is a terminal someone reads now, rather than a pipe or a log file. */
    static boolean onTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    /**
     * What a start prints. A secret is shown once, on the start that created it and only on a terminal (a log file
     * keeps it for anyone who can read the log); otherwise the line says where to find it. The bus URL is shown with
     * its password masked.
     */
    static void printStarted(LampblackServer s, PrintStream out, boolean terminal) {
        String info = s.serverInfoFile().toString();
        out.println("Lampblack is running at " + s.url());
        out.println("  web console:             " + s.url() + "/ (user admin, password "
                + shown(s.createdAdminPassword(), terminal, info, "password") + ")");
        out.println("  API token (user admin):  " + shown(s.createdAdminToken(), terminal, info, "api_token"));
        out.println("  sensor registration:     "
                + (s.registrationToken().isEmpty()
                        ? "OPEN to anyone who reaches the port (--open-registration)"
                        : "token " + shown(s.createdRegistrationToken(), terminal, info, "sensor_registration_token")));
        out.println("  message bus (AMQP):      " + Secrets.maskUrl(s.busUrl()) + " (password in " + info + ")");
        out.println("  TLS certificate:         " + s.dataDir().resolve("tls/server.crt"));
        out.println("  server info:             " + info + " (owner-only: it holds the tokens)");
    }

    private static String shown(Optional<String> created, boolean terminal, String info, String key) {
        if (created.isPresent() && terminal) return created.get() + "  (shown once; also " + key + " in " + info + ")";
        return (created.isPresent() ? "created, " : "") + "see " + key + " in " + info;
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
