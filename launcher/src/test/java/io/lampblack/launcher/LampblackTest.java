package io.lampblack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The command line as users type it: help, refusals, defaults, what reaches ServerSettings and the benchmarks. */
class LampblackTest {

    /** What a run printed and its exit status. */
    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Lampblack.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The command object a command line selects, options applied, without running it. */
    @SuppressWarnings("unchecked")
    private static <T> T parsed(String... args) {
        ParseResult r = Lampblack.commandLine().parseArgs(args);
        while (r.hasSubcommand()) r = r.subcommand();
        return (T) r.commandSpec().userObject();
    }

    @Test
    void everyCommandPrintsItsUsageForHelp() {
        for (String command : List.of(
                "",
                "server",
                "demo",
                "replay",
                "simulate",
                "sensor",
                "bench",
                "bench ingest",
                "bench query",
                "bench bus",
                "bench intel",
                "bench startup",
                "bench durability",
                "bench scope",
                "bench checkin",
                "bench lr",
                "backup",
                "restore")) {
            for (String flag : List.of("--help", "-h")) {
                String line = (command + " " + flag).trim();
                Run r = run(line.split(" "));
                assertEquals(0, r.status(), line);
                assertTrue(r.out().startsWith(("Usage: ./lampblack " + command).trim()), line + ":\n" + r.out());
                assertEquals("", r.err(), line);
            }
        }
    }

    @Test
    void theOverviewListsEveryCommandIncludingTheScriptsTest() {
        for (Run r : List.of(run(), run("help"), run("--help"))) {
            assertEquals(0, r.status());
            for (String command : List.of(
                    "server", "demo", "replay", "simulate", "sensor", "bench", "backup", "restore", "help", "test")) {
                assertTrue(r.out().contains("\n  " + command + " "), command + " in:\n" + r.out());
            }
        }
    }

    @Test
    void sensorHelpListsTheSensorsOwnOptions() {
        for (Run r : List.of(run("sensor", "--help"), run("help", "sensor"))) {
            assertEquals(0, r.status());
            for (String option : List.of(
                    "--server URL",
                    "--cacert PEM",
                    "--registration-token T",
                    "--data DIR",
                    "--watch DIR",
                    "--group-id N",
                    "--spool-max-bytes N")) {
                assertTrue(r.out().contains(option), option + " in:\n" + r.out());
            }
        }
    }

    @Test
    void serverHelpListsEverySettingWithItsDefault() {
        for (Run r : List.of(run("server", "--help"), run("help", "server"))) {
            assertEquals(0, r.status());
            assertTrue(r.out().contains(ServerSettings.help()), r.out());
            for (Setting<?> s : ServerSettings.ALL) assertTrue(r.out().contains("--" + s.key() + " "), s.key());
        }
    }

    @Test
    void badCommandLinesSayWhatIsWrongOnStderrWithStatus2() {
        List<List<String>> cases = List.of(
                List.of("frob", "unknown command 'frob'"),
                List.of(
                        "bench frob",
                        "unknown command 'frob' (there are: ingest, query, bus, intel, ingress, compare, fuzz, startup,"
                                + " durability, scope, checkin, lr, sensor)"),
                List.of("simulate --nope", "Unknown option: '--nope'"),
                List.of("simulate --sensors", "Missing required parameter for option '--sensors'"),
                List.of("simulate --sensors many", "Invalid value for option '--sensors': 'many' is not an int"),
                List.of("simulate extra", "unexpected argument: 'extra'"),
                List.of("replay", "Missing required parameter: 'FILES'"),
                List.of("replay /no/such/corpus.zip", "no such file: /no/such/corpus.zip"),
                List.of("server --nope 1", "unknown setting 'nope'"),
                List.of("server --port", "setting 'port' needs a value"),
                List.of("server --port 99999", "setting 'port': '99999' is out of range"),
                List.of("demo --port=x", "setting 'port'"),
                List.of("sensor", "--server URL is required"),
                List.of("sensor --server http://x --data d", "--server must be https://HOST[:PORT]"),
                List.of("sensor --server https://x --spool-max-bytes lots", "--spool-max-bytes must be a positive"),
                List.of("sensor --server https://x --frob 1", "unknown option '--frob'"),
                List.of("bench bus --ingest maybe", "Invalid value for option '--ingest'"),
                List.of("bench ingest --evnts 5", "Unknown options: '--evnts'"));
        for (List<String> c : cases) {
            Run r = run(c.get(0).split(" "));
            assertEquals(2, r.status(), c.get(0));
            assertEquals("", r.out(), c.get(0));
            assertTrue(r.err().startsWith("lampblack: ") && r.err().contains(c.get(1)), c.get(0) + ":\n" + r.err());
            assertTrue(r.err().contains("--help' for more information"), c.get(0) + ":\n" + r.err());
        }
    }

    @Test
    void serverSettingsReachServerSettingsUntouched() {
        List<String> settings = List.of(
                "--port=0", "--registration-token=", "--public-url", "", "--db-password", "-@secret", "--port", "9000");
        ServerCommand server = parsed(concat("server", settings));
        assertEquals(settings, server.settings);
        // The later --port wins, as ServerSettings decides.
        assertEquals(9000, ServerSettings.fromArgs(server.settings).get(ServerSettings.PORT));
        DemoCommand demo = parsed(concat("demo", settings));
        assertEquals(settings, demo.settings);
    }

    @Test
    void replayAndSimulateKeepTheirDefaults() {
        ReplayCommand replay = parsed("replay", "a.zip", "dir");
        assertEquals(List.of(Path.of("a.zip"), Path.of("dir")), replay.files);
        assertEquals(500, replay.eventsPerUpload);
        assertEquals(null, replay.server.registrationToken);
        assertEquals(null, replay.caCert);
        assertEquals(null, replay.server.given);

        SimulateCommand simulate = parsed("simulate");
        assertEquals(10, simulate.sensors);
        assertEquals(0, simulate.rate);
        assertEquals(60, simulate.seconds);
        assertEquals(500, simulate.eventsPerUpload);
        assertEquals(false, simulate.liveResponse, "live response only when asked for");
        assertEquals(0, simulate.linuxSensors);
        assertEquals(64, simulate.memdumpMib);
        SimulateCommand lr = parsed("simulate", "--live-response", "--linux-sensors", "2");
        assertEquals(true, lr.liveResponse);
        assertEquals(2, lr.linuxSensors);

        SimulateCommand twice = parsed("simulate", "--sensors", "3", "--server", "https://h:1", "--sensors=4");
        assertEquals(4, twice.sensors, "the last one wins");
        assertEquals("https://h:1", twice.server.given);
    }

    @Test
    void benchmarksGetOnlyTheOptionsGiven() {
        assertEquals(
                List.of("ingest"),
                this.<BenchIngestCommand>parsed("bench", "ingest").benchArgs());
        assertEquals(
                List.of("ingest", "--events", "5000", "--index-threads", "1"),
                this.<BenchIngestCommand>parsed("bench", "ingest", "--index-threads", "1", "--events", "5000")
                        .benchArgs());
        // --small first, so that what is given with it overrides its presets whatever the order typed.
        assertEquals(
                List.of("query", "--small", "--events", "10000000", "--connections", "2", "--data", "d"),
                this.<BenchQueryCommand>parsed(
                                "bench",
                                "query",
                                "--events",
                                "10_000_000",
                                "--data",
                                "d",
                                "--small",
                                "--connections",
                                "2")
                        .benchArgs());
        assertEquals(
                List.of("query", "--events", "1000000"),
                this.<BenchQueryCommand>parsed("bench", "query", "--events", "1,000,000")
                        .benchArgs());
        assertEquals(
                List.of("bus", "--messages", "1000", "--ingest", "false"),
                this.<BenchBusCommand>parsed("bench", "bus", "--ingest", "false", "--messages", "1000")
                        .benchArgs());
        assertEquals(
                List.of("intel", "--iocs", "10", "--pipeline-queue", "4"),
                this.<BenchIntelCommand>parsed("bench", "intel", "--pipeline-queue", "4", "--iocs", "10")
                        .benchArgs());
        assertEquals(
                List.of("ingress", "--events", "1000", "--filters", "3"),
                this.<BenchIngressCommand>parsed("bench", "ingress", "--filters", "3", "--events", "1000")
                        .benchArgs());
        assertEquals(
                List.of("fuzz", "--target", "upload", "--seconds", "30"),
                this.<BenchFuzzCommand>parsed("bench", "fuzz", "--seconds", "30", "--target", "upload")
                        .benchArgs());
        assertEquals(List.of("lr"), this.<BenchLrCommand>parsed("bench", "lr").benchArgs());
        assertEquals(
                List.of("lr", "--sensors", "50", "--rounds", "4"),
                this.<BenchLrCommand>parsed("bench", "lr", "--rounds", "4", "--sensors", "50")
                        .benchArgs());
    }

    private static String[] concat(String first, List<String> rest) {
        String[] out = new String[rest.size() + 1];
        out[0] = first;
        for (int i = 0; i < rest.size(); i++) out[i + 1] = rest.get(i);
        return out;
    }
}
