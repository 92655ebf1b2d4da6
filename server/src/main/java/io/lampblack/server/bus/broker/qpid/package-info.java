/**
 * The code that touches Qpid's API. Every class here is loaded by
 * {@link io.lampblack.server.bus.broker.SubjectShimClassLoader}, never by the server's loader, so it sees the
 * rewritten Qpid classes.
 *
 * <p>In: a {@link io.lampblack.server.bus.broker.BrokerSpec}. Out: a started Qpid broker (in-memory configuration
 * and virtual host, users and exchanges created) and its bound AMQP port, behind
 * {@link io.lampblack.server.bus.broker.BrokerRuntime}.
 */
package io.lampblack.server.bus.broker.qpid;
