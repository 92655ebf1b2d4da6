package io.lampblack.server.bus.broker.qpid;

import io.lampblack.server.bus.broker.BrokerRuntime;
import io.lampblack.server.bus.broker.BrokerSpec;
import io.lampblack.server.config.OwnerOnlyFiles;
import io.lampblack.server.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.Subject;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Exchange;
import org.apache.qpid.server.model.LifetimePolicy;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.VirtualHost;
import org.apache.qpid.server.model.VirtualHostNode;
import org.apache.qpid.server.model.port.AmqpPort;

/**
 * Qpid Broker-J driven through its own API. Loaded only through the subject shim (see the package doc).
 *
 * <p>The whole broker configuration lives in memory and is generated on every start (system config and virtual
 * host node of type {@code Memory}); the exchanges are created through the model after start.
 */
public final class QpidBrokerRuntime implements BrokerRuntime {

    static final String AUTH_PROVIDER = "plain";

    private final AtomicReference<SystemConfig<?>> systemConfig = new AtomicReference<>();
    private SystemLauncher launcher;

    @Override
    public int start(BrokerSpec spec) throws Exception {
        Files.createDirectories(spec.workDir());
        // The initial configuration holds the passwords: owner-only, and gone once Qpid has read it.
        Path initial = spec.workDir().resolve("initial-config.json");
        OwnerOnlyFiles.write(
                initial, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(initialConfig(spec)));

        launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> config) {
                systemConfig.set(config);
            }
        });
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(
                SystemConfig.INITIAL_CONFIGURATION_LOCATION, initial.toUri().toString());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(
                SystemConfig.CONTEXT,
                Map.of(
                        SystemConfig.QPID_WORK_DIR,
                        spec.workDir().toString(),
                        // No preferences file in the work directory: nothing of ours uses Qpid's user preferences.
                        "qpid.broker.defaultPreferenceStoreAttributes",
                        "{\"type\": \"Noop\"}"));
        try {
            launcher.startup(attributes);
        } finally {
            Files.deleteIfExists(initial);
        }

        Broker<?> broker = (Broker<?>) systemConfig.get().getContainer(Broker.class);
        Subject system = new Subject(true, Set.of(launcher.getSystemPrincipal()), Set.of(), Set.of());
        try {
            return Subject.callAs(system, () -> configure(broker, spec));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e; // callAs wraps what configure threw
        }
    }

    private static int configure(Broker<?> broker, BrokerSpec spec) {
        VirtualHostNode<?> node = broker.getVirtualHostNodes().iterator().next();
        VirtualHost<?> vhost = node.getVirtualHost();
        for (BrokerSpec.ExchangeSpec e : spec.exchanges()) {
            if (vhost.getChildByName(Exchange.class, e.name()) != null) continue;
            vhost.createChild(
                    Exchange.class,
                    Map.of(
                            Exchange.NAME,
                            e.name(),
                            Exchange.TYPE,
                            e.type(),
                            Exchange.DURABLE,
                            true,
                            Exchange.LIFETIME_POLICY,
                            LifetimePolicy.PERMANENT));
        }
        for (Port<?> port : broker.getPorts()) {
            if (!(port instanceof AmqpPort<?> amqp)) continue;
            // Qpid starts even when its port cannot listen (it puts the port in ERROR and logs it); a bus that
            // nobody can reach must fail the server's start instead.
            int bound = amqp.getBoundPort();
            if (bound <= 0) {
                throw new IllegalStateException("the embedded broker cannot listen on " + spec.bind() + ":"
                        + spec.port() + " (in use? see --bus-port, --bus-bind)");
            }
            return bound;
        }
        throw new IllegalStateException("the broker has no AMQP port");
    }

    /**
     * The broker tree: one plain-text authentication provider with no secure-only mechanisms (every AMQP 0-9-1
     * client logs in with SASL PLAIN, which Qpid otherwise refuses without TLS), one AMQP 0-8/0-9/0-9-1 port whose
     * aliases map the client's vhost {@code /} (an empty name to Qpid) to the default node, and that node in memory.
     */
    static Map<String, Object> initialConfig(BrokerSpec spec) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", "lampblack");
        root.put("modelVersion", "9.1");
        // Users go in here rather than through the model after start: Qpid logs a created user's attributes,
        // password included, while users recovered from the initial configuration are not logged.
        List<Map<String, Object>> users = spec.users().entrySet().stream()
                .map(u -> Map.<String, Object>of("name", u.getKey(), "type", "managed", "password", u.getValue()))
                .toList();
        root.put(
                "authenticationproviders",
                List.of(Map.of(
                        "name", AUTH_PROVIDER, "type", "Plain", "secureOnlyMechanisms", List.of(), "users", users)));
        root.put(
                "ports",
                List.of(Map.of(
                        "name",
                        "amqp",
                        "type",
                        "AMQP",
                        "port",
                        spec.port(),
                        "bindingAddress",
                        spec.bind(),
                        "authenticationProvider",
                        AUTH_PROVIDER,
                        "protocols",
                        List.of("AMQP_0_8", "AMQP_0_9", "AMQP_0_9_1"),
                        "virtualhostaliases",
                        List.of(
                                Map.of("name", "nameAlias", "type", "nameAlias"),
                                Map.of("name", "defaultAlias", "type", "defaultAlias")))));
        root.put(
                "virtualhostnodes",
                List.of(Map.of(
                        "name",
                        "default",
                        "type",
                        "Memory",
                        "defaultVirtualHostNode",
                        "true",
                        "virtualHostInitialConfiguration",
                        "{\"type\": \"Memory\"}")));
        return root;
    }

    @Override
    public synchronized void close() {
        if (launcher == null) return;
        launcher.shutdown();
        launcher = null;
    }
}
