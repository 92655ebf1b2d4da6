package io.lampblack.server.assembly;

import io.lampblack.server.binary.BinaryObservations;
import io.lampblack.server.bus.Bus;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.broker.EmbeddedBroker;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.tag.TagStore;
import java.util.Optional;

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

    public BusAssembly(ServerContext ctx, Settings settings, TagStore tags) throws Exception {
        String external = settings.bus().externalUrl();
        if (external.isEmpty()) {
            EmbeddedBroker b = ctx.own(
                    EmbeddedBroker.start(ctx.dir("bus"), settings.bind(), settings.port(), settings.extraUsers()));
            broker = Optional.of(b);
            url = b.url();
        } else {
            broker = Optional.empty();
            url = external;
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
