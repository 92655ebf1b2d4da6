package io.lampblack.server.bus.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the embedded broker is to be: plain Java values only, because it is handed across class loaders.
 *
 * @param bind      listen address of the AMQP port
 * @param port      AMQP port (0 = any free port)
 * @param workDir   Qpid's work directory (under DATA/bus)
 * @param users     user name to password; SASL PLAIN (and the other plain-text mechanisms) check against them
 * @param exchanges declared at start, durable and never auto-deleted
 */
public record BrokerSpec(String bind, int port, Path workDir, Map<String, String> users, List<ExchangeSpec> exchanges) {

    public BrokerSpec {
        users = Map.copyOf(users);
        exchanges = List.copyOf(exchanges);
    }

    /** An exchange by name and AMQP type ({@code topic}, {@code fanout}, {@code direct}, {@code headers}). */
    public record ExchangeSpec(String name, String type) {}
}
