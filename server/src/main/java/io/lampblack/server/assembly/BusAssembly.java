package io.lampblack.server.assembly;

import io.lampblack.server.binary.BinaryObservations;
import io.lampblack.server.bus.Bus;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.broker.EmbeddedBroker;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.tag.TagStore;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The message bus: the embedded AMQP broker (unless {@code --bus} names an external one) and the publisher of
 * notifications and raw events. Started before everything that publishes, so it is there for the first message and
 * closes after the last.
 */
public final class BusAssembly {

    /** The broker's settings, then what is published ({@link Bus.Settings}). */
    public record Settings(String bind, int port, String extraUsers, Bus.Settings bus) {
        public static Settings from(ServerSettings s) {
            return new Settings(
                    s.get(ServerSettings.BUS_BIND),
                    s.get(ServerSettings.BUS_PORT),
                    s.get(ServerSettings.BUS_USERS),
                    new Bus.Settings(
                            s.get(ServerSettings.BUS),
                            s.get(ServerSettings.BUS_BUFFER),
                            s.get(ServerSettings.BUS_BUFFER_BYTES),
                            s.get(ServerSettings.BROADCAST_EVENT_TYPES),
                            s.get(ServerSettings.RAW_SENSOR_DATA_BROADCAST),
                            s.get(ServerSettings.RAW_SENSOR_DATA_ZIP_LEVEL),
                            s.get(ServerSettings.BINARY_INFO_NOTIFICATIONS)));
        }
    }

    private final Optional<EmbeddedBroker> broker;
    private final String url;
    private final Bus bus;

    /**
     * The embedded broker while it starts on a thread of its own: Qpid takes seconds to start (its classes go
     * through {@code SubjectShimClassLoader}, which class-data sharing cannot cover), and nothing before the bus
     * needs it, so the database opens meanwhile.
     */
    public static final class Starting {

        private final Settings settings;
        private final Optional<CompletableFuture<EmbeddedBroker>> broker;

        private Starting(Settings settings, Optional<CompletableFuture<EmbeddedBroker>> broker) {
            this.settings = settings;
            this.broker = broker;
        }
    }

    /** Starts the embedded broker in the background (unless {@code --bus} names an external one). */
    public static Starting begin(ServerContext ctx, Settings settings, StartupPhases phases) {
        if (!settings.bus().externalUrl().isEmpty()) return new Starting(settings, Optional.empty());
        CompletableFuture<EmbeddedBroker> f = new CompletableFuture<>();
        Thread.ofPlatform().name("broker-start").daemon(true).start(() -> {
            long t = System.nanoTime();
            try {
                f.complete(
                        EmbeddedBroker.start(ctx.dir("bus"), settings.bind(), settings.port(), settings.extraUsers()));
                phases.record("bus broker (in the background)", (System.nanoTime() - t) / 1_000_000);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        // Owned at once: a start that fails later (say, the database is unreachable) still stops the broker.
        ctx.own(() -> {
            EmbeddedBroker b;
            try {
                b = f.join();
            } catch (CompletionException | CancellationException e) {
                return; // it never started: nothing to close
            }
            b.close();
        });
        return new Starting(settings, Optional.of(f));
    }

    /** Waits for the broker {@link #begin} started, then opens the publisher on it. */
    public BusAssembly(ServerContext ctx, Starting starting, TagStore tags) throws Exception {
        Settings settings = starting.settings;
        if (starting.broker.isPresent()) {
            EmbeddedBroker b;
            try {
                b = starting.broker.get().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Exception cause) throw cause;
                throw e;
            }
            broker = Optional.of(b);
            url = b.url();
        } else {
            broker = Optional.empty();
            url = settings.bus().externalUrl();
        }
        bus = ctx.own(Bus.open(settings.bus(), broker.map(EmbeddedBroker::url), tags));
    }

    /** The AMQP URL consumers use: the embedded broker's ({@code amqp://cb:PASSWORD@127.0.0.1:5004/}) or {@code --bus}. */
    public String url() {
        return url;
    }

    /** The embedded broker, absent when {@code --bus} names an external one. */
    public Optional<EmbeddedBroker> broker() {
        return broker;
    }

    /** Where notifications go ({@link BusPublisher#NONE} when there is no bus), with its delivery counters. */
    public BusPublisher publisher() {
        return bus.publisher();
    }

    /** Raw-event and raw-upload export, on the ingest route's journaled stage; empty when nothing is exported. */
    public Optional<IngestRoute.OnJournaled> rawExport() {
        return bus.rawExport();
    }

    /** What the binary catalog and store report ({@code binaryinfo.*}, {@code binarystore.file.added}). */
    public BinaryObservations binaryObservations() {
        return bus.binaryObservations();
    }
}
