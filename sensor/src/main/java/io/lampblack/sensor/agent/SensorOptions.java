package io.lampblack.sensor.agent;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@code ./lampblack sensor} (and of the installed sensor): what server, what to trust, how to
 * enrol, where to keep its data, what to watch.
 *
 * @param server            the server's URL, {@code https://host:port}
 * @param caCert            the only certificate to trust (PEM); without it, the Java runtime's trust store ({@code
 *                          lib/security/cacerts}, which need not be the operating system's CA list)
 * @param registrationToken the server's or a group's enrolment token; only needed until the sensor has registered
 * @param dataDir           identity, spool and state
 * @param watch             directories whose file modifications are reported
 * @param groupId           the group to register into (a group's enrolment token overrides it)
 * @param spoolMaxBytes     most bytes of event logs kept on disk while the server cannot take them
 */
public record SensorOptions(
        URI server,
        Optional<Path> caCert,
        String registrationToken,
        Path dataDir,
        List<Path> watch,
        int groupId,
        long spoolMaxBytes) {

    /** The environment variable the registration token may come from (kept out of the process list). */
    public static final String TOKEN_ENV = "LAMPBLACK_SENSOR_REGISTRATION_TOKEN";

    /**
     * The environment variable naming a file the token is read from when none is given otherwise (the installer's
     * start script sets it, so that the token itself is in no process's environment).
     */
    public static final String TOKEN_FILE_ENV = "LAMPBLACK_SENSOR_REGISTRATION_TOKEN_FILE";

    public static final long DEFAULT_SPOOL_MAX_BYTES = 256L << 20;

    /** One line per option, for {@code --help}. */
    public static final List<String> USAGE = List.of(
            "--server URL              the Lampblack server, https://HOST:PORT (required)",
            "--cacert PEM              trust only this certificate (the server's); default: the Java runtime's",
            "                          trust store (its lib/security/cacerts), which need not be the operating",
            "                          system's CA list",
            "--registration-token-file PATH",
            "                          the server's or a sensor group's enrolment token, read from PATH (needed",
            "                          for the first start only; a missing file is no token, so it may be deleted",
            "                          once the sensor has registered); or the environment variable",
            "                          " + TOKEN_ENV,
            "--registration-token T    the token on the command line, where every local user can read it (ps,",
            "                          /proc): prefer the file or the environment variable",
            "--data DIR                identity, spool and state (default: /var/lib/lampblack-sensor as root,",
            "                          else ~/.lampblack-sensor)",
            "--watch DIR               report file modifications under DIR (repeatable)",
            "--group-id N              the sensor group to register into (default: 1; a group's token decides)",
            "--spool-max-bytes N       event logs kept on disk while the server is away, at most (default:",
            "                          268435456); beyond it the oldest are dropped, and counted");

    /**
     * Reads the options; a wrong one is an {@link IllegalArgumentException} whose message says what is wrong.
     *
     * @param env   the environment (for the token)
     * @param root  whether the sensor runs as root (decides the default data directory)
     * @param home  the user's home directory
     */
    public static SensorOptions parse(List<String> args, Map<String, String> env, boolean root, Path home) {
        URI server = null;
        Path ca = null;
        String token = env.getOrDefault(TOKEN_ENV, "");
        String tokenOption = null;
        Path tokenFile = null;
        Path data = null;
        List<Path> watch = new ArrayList<>();
        int group = 1;
        long spool = DEFAULT_SPOOL_MAX_BYTES;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!List.of(
                            "--server",
                            "--cacert",
                            "--registration-token",
                            "--registration-token-file",
                            "--data",
                            "--watch",
                            "--group-id",
                            "--spool-max-bytes")
                    .contains(name)) {
                throw new IllegalArgumentException("unknown option '" + arg + "' (--help lists them)");
            }
            if (value == null) {
                if (i + 1 >= args.size()) throw new IllegalArgumentException(name + " needs a value");
                value = args.get(++i);
            }
            switch (name) {
                case "--server" -> server = serverUri(value);
                case "--cacert" -> ca = Path.of(value);
                case "--registration-token" -> tokenOption = value;
                case "--registration-token-file" -> tokenFile = Path.of(value);
                case "--data" -> data = Path.of(value);
                case "--watch" -> watch.add(Path.of(value));
                case "--group-id" -> group = positive(name, value);
                case "--spool-max-bytes" -> spool = positiveLong(name, value);
                default -> throw new IllegalStateException(name);
            }
        }
        if (server == null) throw new IllegalArgumentException("--server URL is required");
        // The command line wins over the environment; a token and its file together are a mistake, as in the server.
        if (tokenOption != null && tokenFile != null) {
            throw new IllegalArgumentException("give --registration-token or --registration-token-file, not both");
        }
        if (tokenOption != null) token = tokenOption;
        if (tokenFile != null) token = tokenFrom(tokenFile, "--registration-token-file");
        if (token.isEmpty() && !env.getOrDefault(TOKEN_FILE_ENV, "").isEmpty()) {
            token = tokenFrom(Path.of(env.get(TOKEN_FILE_ENV)), TOKEN_FILE_ENV);
        }
        if (data == null) data = root ? Path.of("/var/lib/lampblack-sensor") : home.resolve(".lampblack-sensor");
        return new SensorOptions(
                server, Optional.ofNullable(ca), token, data.toAbsolutePath(), List.copyOf(watch), group, spool);
    }

    /**
     * The token in this file, surrounding white space removed; none when it is gone (deleted once the sensor
     * registered: by the installed sensor itself, see {@code SensorMain}, or by an administrator).
     */
    private static String tokenFrom(Path file, String from) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new IllegalArgumentException(from + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static URI serverUri(String value) {
        URI u;
        try {
            u = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server: not a URL: " + value);
        }
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("--server must be https://HOST[:PORT], not " + value);
        }
        return u;
    }

    private static int positive(String name, String value) {
        long v = positiveLong(name, value);
        if (v > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " is too large: " + value);
        return (int) v;
    }

    private static long positiveLong(String name, String value) {
        try {
            long v = Long.parseLong(value.strip());
            if (v <= 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive number, not '" + value + "'");
        }
    }
}
