package io.lampblack.server.bus.broker;

/**
 * The one type that crosses from the server into the shimmed Qpid world: its implementation is loaded by
 * {@link SubjectShimClassLoader}, this interface (and {@link BrokerSpec}) by the server's own loader, so that
 * no Qpid class is ever loaded twice or reached without the rewrite.
 */
public interface BrokerRuntime extends AutoCloseable {

    /** Starts the broker as specified and returns the AMQP port it is bound to. */
    int start(BrokerSpec spec) throws Exception;

    /** Stops the broker; idempotent. */
    @Override
    void close();
}
