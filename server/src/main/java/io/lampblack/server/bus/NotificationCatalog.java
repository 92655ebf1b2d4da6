package io.lampblack.server.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.RecordSpan;
import io.lampblack.protocol.events.SensorEvents.CbEndpointEnvironmentMsg;
import io.lampblack.protocol.events.SensorEvents.CbEnvironmentMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbServerEnvironmentMsg;
import io.lampblack.server.json.Json;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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
    /** The EDR 5.1 form of ingress feed hits, without the feed id; cbapi's callbacks match only this exact key. */
    public static final String LEGACY_FEED_INGRESS_HIT = "feed.ingress.hit.";
    /** Carbon Black's version as notifications report it ({@code cb_version}); the API level of {@code /api/info}. */
    public static final String CB_VERSION = "6.2.0";
    /** {@code server_name} in notifications: Carbon Black reports its configured name, "localhost" by default. */
    public static final String SERVER_NAME = "localhost";

    /** Carbon Black has a single node id (0) per server; Lampblack has one node until it scales out. */
    public static final int NODE_ID = 0;

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
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("md5", md5.toUpperCase(java.util.Locale.ROOT));
        return binaryInfo(BINARY_OBSERVED, o, scores, watchlists, when);
    }

    /** {@code binaryinfo.host.observed}: first time on this sensor. */
    public static BusMessage binaryHostObserved(String md5, String hostname, int sensorId, Map<String, Integer> scores,
                                                Map<String, String> watchlists, Instant when) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("hostname", hostname);
        o.put("sensor_id", sensorId);
        o.put("md5", md5.toUpperCase(java.util.Locale.ROOT));
        return binaryInfo(BINARY_HOST_OBSERVED, o, scores, watchlists, when);
    }

    /** {@code binaryinfo.group.observed}: first time in this sensor group. */
    public static BusMessage binaryGroupObserved(String md5, String group, Map<String, Integer> scores,
                                                 Map<String, String> watchlists, Instant when) {
        ObjectNode o = Json.MAPPER.createObjectNode();
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
        ObjectNode o = Json.MAPPER.createObjectNode();
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
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("feed_id", feedId);
        o.put("feed_update_time", updated.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        if (scanStart.isPresent()) o.put("scan_start_time", scanStart.get().getEpochSecond());
        else o.putNull("scan_start_time");
        o.put("event_timestamp", eventTimestamp(when));
        o.put("feed_name", feedName);
        return json(FEED_SYNCHRONIZED, o);
    }

    /** Who a feed hit is about: the endpoint, and the process (its GUID) or the binary (its MD5). */
    public record HitSubject(int sensorId, String hostname, String group, String osType, String processId,
                             String md5) {
    }

    /** What matched: the feed, its report and the indicator. */
    public record HitSource(long feedId, String feedName, String reportId, int reportScore, String iocType,
                            String iocValue, ObjectNode iocAttr) {
    }

    /**
     * {@code feed.<feed id>.ingress.hit.process} or {@code .binary} (the EDR 5.2 form, reference §1.4, captured as
     * {@code feed.24.ingress.hit.process} and {@code feed.ingress.hit.binary}): an arriving event matched an
     * indicator. With {@code legacyKey} the same message is also routed under the 5.1 key without the feed id.
     */
    public static List<BusMessage> feedIngressHit(HitSource source, HitSubject subject, boolean legacyKey,
                                                  Instant when) {
        boolean process = !subject.processId().isEmpty();
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (process) o.put("process_id", subject.processId());
        else o.put("md5", subject.md5().toUpperCase(java.util.Locale.ROOT));
        o.put("os_type", subject.osType());
        hit(o, source, subject);
        if (process) o.put("from_feed_search", false);
        o.put("feed_id", source.feedId());
        o.put("feed_name", source.feedName());
        o.put("event_timestamp", eventTimestamp(when));
        String what = process ? "process" : "binary";
        return keyed(json("feed." + source.feedId() + ".ingress.hit." + what, o), legacyKey,
                LEGACY_FEED_INGRESS_HIT + what);
    }

    /**
     * {@code feed.<feed id>.query.hit.process} or {@code .binary} (captured as {@code feed.query.hit.process}, the 5.1
     * key, also sent with {@code legacyKey}): a feed report's query matched a process (one row, its representative
     * segment) or a binary.
     *
     * @param indexType   {@code events} or {@code modules}, for {@code ioc_value}
     * @param subject     the process document (search row) or binary document
     */
    public static List<BusMessage> feedQueryHit(long feedId, String feedName, String reportId, int reportScore,
                                                String indexType, String searchQuery, ObjectNode subject,
                                                boolean process, boolean legacyKey, Instant when) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (process) {
            o.put("process_id", subject.path("id").asText());
            o.put("sensor_id", subject.path("sensor_id").asInt());
            o.put("group", subject.path("group").asText(""));
            o.put("segment_id", subject.path("segment_id").asLong());
        } else {
            o.put("md5", subject.path("md5").asText());
        }
        o.putArray("docs").add(subject);
        o.put("hostname", subject.path("hostname").asText(""));
        o.put("report_score", reportScore);
        o.put("event_timestamp", eventTimestamp(when));
        o.put("feed_name", feedName);
        o.put("feed_id", feedId);
        ObjectNode value = Json.MAPPER.createObjectNode();
        value.put("index_type", indexType);
        value.put("search_query", searchQuery);
        o.put("ioc_value", value.toString());
        o.putObject("ioc_attrs").putArray("highlights");
        o.put("comms_ip", "");
        o.put("ioc_type", "query");
        o.put("interface_ip", "");
        o.put("report_id", reportId);
        String what = process ? "process" : "binary";
        return keyed(json("feed." + feedId + ".query.hit." + what, o), legacyKey, "feed.query.hit." + what);
    }

    /**
     * {@code watchlist.hit.process} or {@code watchlist.hit.binary}: a periodic or streamed run found documents new to
     * the watchlist; several are coalesced into one message ({@code docs}), as captured.
     *
     * @param what       {@code process} or {@code binary}
     * @param highlights {@code [{name, ids}]}, possibly empty
     */
    public static BusMessage watchlistHit(String what, long watchlistId, String watchlistName,
                                          com.fasterxml.jackson.databind.JsonNode highlights,
                                          List<? extends com.fasterxml.jackson.databind.JsonNode> docs, Instant when) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("server_name", SERVER_NAME);
        o.putArray("docs").addAll(docs);
        o.put("event_timestamp", eventTimestamp(when));
        o.put("watchlist_id", watchlistId);
        o.set("highlights", highlights);
        o.put("cb_version", CB_VERSION);
        o.put("watchlist_name", watchlistName);
        return json("watchlist.hit." + what, o);
    }

    /**
     * {@code watchlist.storage.hit.process} ({@code process_id}) or {@code .binary} ({@code md5}): one document, as
     * stored with its {@code watchlist_<id>} tag.
     */
    public static BusMessage watchlistStorageHit(String what, String subjectKey, String subject, long watchlistId,
                                                 String watchlistName, ObjectNode doc, Instant when) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put(subjectKey, subject);
        o.put("watchlist_id", watchlistId);
        o.put("watchlist_name", watchlistName);
        o.put("cb_version", CB_VERSION);
        o.put("server_name", SERVER_NAME);
        o.putArray("docs").add(doc);
        o.putArray("highlights");
        o.put("event_timestamp", eventTimestamp(when));
        return json("watchlist.storage.hit." + what, o);
    }

    /**
     * {@code feed.<feed id>.storage.hit.process} or {@code .binary} (and {@code feed.storage.hit.*} with
     * {@code legacyKey}): an ingress hit's document is in the index; the message repeats the hit with the process
     * segment's or the binary's document in {@code docs}, under {@code process_id} or {@code md5} (key set as the
     * captured {@code feed.storage.hit.binary}: no {@code os_type}).
     */
    public static List<BusMessage> feedStorageHit(HitSource source, HitSubject subject, ObjectNode doc,
                                                  boolean legacyKey, Instant when) {
        boolean binary = subject.processId().isEmpty();
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (binary) {
            o.put("md5", subject.md5().toUpperCase(java.util.Locale.ROOT));
        } else {
            o.put("process_id", subject.processId());
        }
        o.putArray("docs").add(doc);
        hit(o, source, subject);
        o.put("feed_id", source.feedId());
        o.put("feed_name", source.feedName());
        o.put("event_timestamp", eventTimestamp(when));
        String what = binary ? "binary" : "process";
        return keyed(json("feed." + source.feedId() + ".storage.hit." + what, o), legacyKey, "feed.storage.hit." + what);
    }

    /**
     * {@code alert.<alert_type>} (captured: {@code alert.watchlist.hit.query.process} and {@code .binary}): a new
     * alert, flat, every value a string except {@code event_timestamp} (nested values as JSON text).
     */
    public static BusMessage alert(ObjectNode alert, Instant when) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("event_timestamp", eventTimestamp(when));
        alert.properties().forEach(e -> {
            com.fasterxml.jackson.databind.JsonNode v = e.getValue();
            if (v.isArray() && !e.getKey().equals("ioc_attr")) o.set(e.getKey(), v);
            else o.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        });
        return json("alert." + alert.path("alert_type").asText(), o);
    }

    /** The report, indicator and endpoint fields feed hits share, in the captured order. */
    private static void hit(ObjectNode o, HitSource source, HitSubject subject) {
        o.put("report_id", source.reportId());
        o.put("report_score", source.reportScore());
        o.put("ioc_type", source.iocType());
        o.put("ioc_value", source.iocValue());
        o.set("ioc_attr", source.iocAttr());
        o.put("hostname", subject.hostname());
        o.put("group", subject.group());
        o.put("sensor_id", subject.sensorId());
        o.put("cb_version", CB_VERSION);
        o.put("server_name", SERVER_NAME);
    }

    /** A feed hit under the EDR 5.2 key with the feed id, and also under the 5.1 key without it when asked. */
    private static List<BusMessage> keyed(BusMessage withFeedId, boolean legacyKey, String legacyRoutingKey) {
        if (!legacyKey) return List.of(withFeedId);
        return List.of(withFeedId, new BusMessage(EVENTS_EXCHANGE, legacyRoutingKey, JSON, withFeedId.body(), Map.of(),
                false));
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
            return new BusMessage(EVENTS_EXCHANGE, key, JSON, Json.MAPPER.writeValueAsBytes(o), Map.of(), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + key, e);
        }
    }
}
