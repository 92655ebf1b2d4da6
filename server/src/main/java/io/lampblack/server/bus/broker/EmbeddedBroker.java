package io.lampblack.server.bus.broker;

import io.lampblack.server.config.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded AMQP 0-9-1 broker (Qpid Broker-J) with the exchanges Carbon Black consumers expect.
 *
 * <p>Everything it keeps is under its directory (DATA/bus): the {@code cb} password, generated on first start and
 * reused afterwards, and Qpid's work directory. Queues and messages live in memory and do not survive a restart;
 * consumers re-declare their queues when they reconnect, as they must with Carbon Black too.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    public static final String USER = "cb";
    public static final String EVENTS_EXCHANGE = "api.events";
    public static final String RAW_SENSOR_DATA_EXCHANGE = "api.rawsensordata";
    static final List<BrokerSpec.ExchangeSpec> EXCHANGES = List.of(
            new BrokerSpec.ExchangeSpec(EVENTS_EXCHANGE, "topic"),
            new BrokerSpec.ExchangeSpec(RAW_SENSOR_DATA_EXCHANGE, "fanout"));
    private static final List<String> SHIMMED = List.of("org.apache.qpid.", "io.lampblack.server.bus.broker.qpid.");
    private static final String RUNTIME = "io.lampblack.server.bus.broker.qpid.QpidBrokerRuntime";

    /**
     * One shim loader per JVM: Qpid's classes are rewritten and loaded once, and a restarted broker (tests start
     * many) reuses them. Qpid runs several brokers one after another in one JVM in its own tests.
     */
    private static SubjectShimClassLoader loader;

    private final BrokerRuntime runtime;
    private final String host;
    private final int port;
    private final String password;

    private EmbeddedBroker(BrokerRuntime runtime, String host, int port, String password) {
        this.runtime = runtime;
        this.host = host;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts the broker.
     *
     * @param dir        its directory (DATA/bus)
     * @param extraUsers further users besides {@code cb}, as {@code user:password,user:password} (may be empty)
     */
    public static EmbeddedBroker start(Path dir, String bind, int port, String extraUsers) throws Exception {
        Files.createDirectories(dir);
        String password = BrokerPassword.loadOrCreate(dir.resolve(USER + ".password"));
        Map<String, String> users = new LinkedHashMap<>();
        users.put(USER, password);
        BrokerUsers.parse(extraUsers).forEach((u, p) -> {
            if (users.putIfAbsent(u, p) != null) {
                throw new IllegalArgumentException(
                        "setting 'bus-users': user '" + u + "' is given twice (or is " + USER + ")");
            }
        });
        BrokerSpec spec = new BrokerSpec(bind, port, dir.resolve("work"), users, EXCHANGES);

        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        BrokerRuntime runtime = newRuntime();
        // Qpid finds its plugins with the context class loader, and its threads inherit it from this one.
        Thread.currentThread().setContextClassLoader(runtime.getClass().getClassLoader());
        try {
            int bound = runtime.start(spec);
            String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
            LOG.info("embedded AMQP 0-9-1 broker (Qpid) listening on {}:{}, users {}", bind, bound, users.keySet());
            return new EmbeddedBroker(runtime, host, bound, password);
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static synchronized BrokerRuntime newRuntime() throws ReflectiveOperationException {
        if (loader == null) loader = new SubjectShimClassLoader(EmbeddedBroker.class.getClassLoader(), SHIMMED);
        return (BrokerRuntime) loader.loadClass(RUNTIME).getConstructor().newInstance();
    }

    /** The bound AMQP port (the real one when started with port 0). */
    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** {@code amqp://cb:PASSWORD@HOST:PORT/} — the password is URL-safe by construction. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "amqp://" + USER + ":" + password + "@" + h + ":" + port + "/";
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** The {@code cb} password: random, URL-safe, in an owner-only file so that it survives restarts. */
    static final class BrokerPassword {
        private BrokerPassword() {}

        static String loadOrCreate(Path file) throws IOException {
            if (Files.exists(file)) {
                String p = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!p.isEmpty()) return p;
            }
            byte[] random = new byte[18];
            new java.security.SecureRandom().nextBytes(random);
            String p = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            OwnerOnlyFiles.write(file, p.getBytes(StandardCharsets.US_ASCII));
            return p;
        }
    }
}
