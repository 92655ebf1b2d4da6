/**
 * The embedded message broker: Apache Qpid Broker-J speaking AMQP 0-9-1, started inside the server.
 *
 * <p>In: the bus settings (bind address, port, extra users) and the directory DATA/bus. Out: a running broker
 * with vhost {@code /}, user {@code cb} (password generated once, kept in DATA/bus) and the exchanges
 * {@code api.events} (topic) and {@code api.rawsensordata} (fanout), plus its {@code amqp://} URL for
 * server-info.json.
 *
 * <p>Qpid 9.2.x does not run on JDK 23+ as shipped; {@link io.lampblack.server.bus.broker.SubjectShimClassLoader}
 * loads it with its {@code Subject.getSubject} and {@code doPrivileged(action, context)} calls rewritten
 * (the latter to {@link io.lampblack.server.bus.broker.SubjectContexts}). Only {@link io.lampblack.server.bus.broker.BrokerRuntime}
 * and {@link io.lampblack.server.bus.broker.BrokerSpec} cross into that loader.
 */
package io.lampblack.server.bus.broker;
