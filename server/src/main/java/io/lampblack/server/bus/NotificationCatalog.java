package io.lampblack.server.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.RecordSpan;
import io.lampblack.protocol.events.SensorEvents.CbEndpointEnvironmentMsg;
import io.lampblack.protocol.events.SensorEvents.CbEnvironmentMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbServerEnvironmentMsg;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows every exchange, routing key, content type and JSON shape Lampblack publishes
 * (reference {@code bus_and_events.md} §1 and §4; samples in {@code corpus/json}). Later notifications (watchlist,
 * feed, alert) are added here so that a consumer-visible change is always a change to this class.
 *
 * <p>JSON is written compact with keys in the order of the captured samples; consumers do not depend on the order,
 * but matching it keeps diffs against the corpus readable.
 */
public final class NotificationCatalog {

    /** Topic exchange for notifications and per-event raw protobufs; durable, not auto-delete (cbapi re-declares it). */
    public static final String EVENTS_EXCHANGE = "api.events";
    /** Fanout exchange for whole uploads; must exist even when bulk export is off (the forwarder binds to it). */
    public static final String RAW_SENSOR_DATA_EXCHANGE = "api.rawsensordata";

    public static final String JSON = "application/json";
    public static final String PROTOBUF = "application/protobuf";
    public static final String ZIP = "application/zip";

    public static final String BINARY_OBSERVED = "binaryinfo.observed";
    public static final String BINARY_HOST_OBSERVED = "binaryinfo.host.observed";
    public static final String BINARY_GROUP_OBSERVED = "binaryinfo.group.observed";
    public static final String BINARY_FILE_ADDED = "binarystore.file.added";
    public static final String FEED_SYNCHRONIZED = "feed.synchronized";

    /** Carbon Black has a single node id (0) per server; Lampblack has one node until it scales out. */
    public static final int NODE_ID = 0;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NotificationCatalog() {
    }

    /** The {@code ingress.event.*} key of a raw event kind (reference §1.5); empty for kinds never published. */
    public static Optional<String> rawEventKey(EventKind kind) {
        return kind.routingKey();
    }

    /**
     * The envelope the server adds to each raw event on {@code api.events}: consumers build process GUIDs from
     * {@code env.endpoint.SensorId} (pitfall §6.5). Carbon Black always sends {@code HostId} and {@code NodeId} as 0.
     */
    public static CbEnvironmentMsg environment(int sensorId, String hostname) {
        return CbEnvironmentMsg.newBuilder()
                .setEndpoint(CbEndpointEnvironmentMsg.newBuilder().setSensorId(sensorId).setSensorHostName(hostname)
                        .setHostId(0))
                .setServer(CbServerEnvironmentMsg.newBuilder().setNodeId(NODE_ID))
                .build();
    }

    /**
     * The envelope as an encoded {@code CbEventMsg} field ({@code env}, field 13), for {@link #rawEvent}: computed
     * once per upload.
     */
    public static byte[] envelopeField(int sensorId, String hostname) {
        // buildPartial: alone, the field lacks the required header the event itself carries.
        return CbEventMsg.newBuilder().setEnv(environment(sensorId, hostname)).buildPartial().toByteArray();
    }

    /**
     * One raw event with its envelope, or empty when its kind has no routing key. The body is the event's bytes as
     * uploaded followed by the encoded {@code env} field: protobuf parsers merge a repeated message field into what
     * came before, so consumers read exactly the uploaded event plus the server's envelope (the server's values win
     * over any a sensor sent itself), and the server neither decodes nor re-encodes anything.
     *
     * @param framed        the upload's framed stream
     * @param span          where the event lies in it
     * @param envelopeField from {@link #envelopeField}
     */
    public static Optional<BusMessage> rawEvent(EventKind kind, byte[] framed, RecordSpan span, byte[] envelopeField) {
        Optional<String> key = rawEventKey(kind);
        if (key.isEmpty()) return Optional.empty();
        byte[] body = new byte[span.length() + envelopeField.length];
        System.arraycopy(framed, span.offset(), body, 0, span.length());
        System.arraycopy(envelopeField, 0, body, span.length(), envelopeField.length);
        return Optional.of(new BusMessage(EVENTS_EXCHANGE, key.get(), PROTOBUF, body, Map.of(), true));
    }

    /**
     * One whole upload for {@code api.rawsensordata} (reference §1.7): a zip of the length-prefixed stream, events
     * without {@code env}, the sensor's identity in the headers.
     *
     * @param framed   the upload's {@code [uint32 LE length][CbEventMsg]} stream
     * @param sequence distinguishes uploads of one sensor in the entry name
     * @param zipLevel 0 stores the stream, 1..9 deflate it (Carbon Black deflates; consumers read both alike)
     */
    public static BusMessage rawSensorData(int sensorId, String hostname, byte[] framed, int sequence, Instant received,
                                           int zipLevel) {
        byte[] zip = EventLogWriter.zip(framed, EventLogWriter.entryName(sensorId, sequence, received), zipLevel);
        return new BusMessage(RAW_SENSOR_DATA_EXCHANGE, "", ZIP, zip,
                Map.of("sensorId", (long) sensorId, "hostId", 0L, "nodeId", NODE_ID, "sensorHostName", hostname), true);
    }

    /** {@code binaryinfo.observed}: first time the binary is seen on any endpoint. */
    public static BusMessage binaryObserved(String md5, Map<String, Integer> scores, Map<String, String> watchlists,
                                            Instant when) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("md5", md5.toUpperCase(java.util.Locale.ROOT));
        return binaryInfo(BINARY_OBSERVED, o, scores, watchlists, when);
    }

    /** {@code binaryinfo.host.observed}: first time on this sensor. */
    public static BusMessage binaryHostObserved(String md5, String hostname, int sensorId, Map<String, Integer> scores,
                                                Map<String, String> watchlists, Instant when) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("hostname", hostname);
        o.put("sensor_id", sensorId);
        o.put("md5", md5.toUpperCase(java.util.Locale.ROOT));
        return binaryInfo(BINARY_HOST_OBSERVED, o, scores, watchlists, when);
    }

    /** {@code binaryinfo.group.observed}: first time in this sensor group. */
    public static BusMessage binaryGroupObserved(String md5, String group, Map<String, Integer> scores,
                                                 Map<String, String> watchlists, Instant when) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("group", group);
        o.put("md5", md5.toUpperCase(java.util.Locale.ROOT));
        return binaryInfo(BINARY_GROUP_OBSERVED, o, scores, watchlists, when);
    }

    /**
     * {@code binarystore.file.added}: a binary file is now in the store.
     *
     * @param filePath where the file is kept (Carbon Black: the modulestore zip path; Lampblack: its own store path)
     */
    public static BusMessage binaryFileAdded(String md5, long size, long compressedSize, String filePath, Instant when) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("md5", md5.toUpperCase(java.util.Locale.ROOT));
        o.put("size", size);
        o.put("compressed_size", compressedSize);
        o.put("node_id", NODE_ID);
        o.put("file_path", filePath);
        o.put("event_timestamp", eventTimestamp(when));
        return json(BINARY_FILE_ADDED, o);
    }

    /**
     * {@code feed.synchronized}: a feed's document was fetched and its indicators loaded.
     *
     * @param updated   when the feed's data changed here (ISO, whole seconds, as captured)
     * @param scanStart when the scan of stored data for the feed's query indicators starts (epoch seconds); empty
     *                  for a feed without query indicators, which the captured samples show as {@code null}
     */
    public static BusMessage feedSynchronized(long feedId, String feedName, Instant updated,
                                              Optional<Instant> scanStart, Instant when) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("feed_id", feedId);
        o.put("feed_update_time", updated.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        if (scanStart.isPresent()) o.put("scan_start_time", scanStart.get().getEpochSecond());
        else o.putNull("scan_start_time");
        o.put("event_timestamp", eventTimestamp(when));
        o.put("feed_name", feedName);
        return json(FEED_SYNCHRONIZED, o);
    }

    /**
     * {@code event_timestamp}: epoch seconds as a JSON float with millisecond precision ({@code 1447697628.645});
     * a decimal keeps Jackson from writing {@code 1.447697628645E9}.
     */
    static BigDecimal eventTimestamp(Instant when) {
        return BigDecimal.valueOf(when.toEpochMilli(), 3);
    }

    private static BusMessage binaryInfo(String key, ObjectNode o, Map<String, Integer> scores,
                                         Map<String, String> watchlists, Instant when) {
        ObjectNode s = o.putObject("scores");
        scores.forEach(s::put);
        ObjectNode w = o.putObject("watchlists");
        watchlists.forEach(w::put);
        o.put("event_timestamp", eventTimestamp(when));
        return json(key, o);
    }

    private static BusMessage json(String key, ObjectNode o) {
        try {
            return new BusMessage(EVENTS_EXCHANGE, key, JSON, MAPPER.writeValueAsBytes(o), Map.of(), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + key, e);
        }
    }
}
