package io.lampblack.server.bus;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows every exchange, routing key, content type and JSON shape Lampblack publishes
 * (reference {@code bus_and_events.md} §1 and §4; samples in {@code corpus/json}). Later notifications (watchlist,
 * feed, alert) are added here so that a consumer-visible change is always a change to this class.
 *
 * <p>Each JSON notification is a record at the end of this class, written compact with keys in the order of the
 * captured samples; consumers do not depend on the order, but matching it keeps diffs against the corpus readable.
 * Documents a notification carries ({@code docs}: process rows, binary documents) are the trees they were found as.
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

    private NotificationCatalog() {}

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
                .setEndpoint(CbEndpointEnvironmentMsg.newBuilder()
                        .setSensorId(sensorId)
                        .setSensorHostName(hostname)
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
        return CbEventMsg.newBuilder()
                .setEnv(environment(sensorId, hostname))
                .buildPartial()
                .toByteArray();
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
    public static BusMessage rawSensorData(
            int sensorId, String hostname, byte[] framed, int sequence, Instant received, int zipLevel) {
        byte[] zip = EventLogWriter.zip(framed, EventLogWriter.entryName(sensorId, sequence, received), zipLevel);
        return new BusMessage(
                RAW_SENSOR_DATA_EXCHANGE,
                "",
                ZIP,
                zip,
                Map.of("sensorId", (long) sensorId, "hostId", 0L, "nodeId", NODE_ID, "sensorHostName", hostname),
                true);
    }

    /** {@code binaryinfo.observed}: first time the binary is seen on any endpoint. */
    public static BusMessage binaryObserved(
            String md5, Map<String, Integer> scores, Map<String, String> watchlists, Instant when) {
        return json(BINARY_OBSERVED, new BinaryObserved(upper(md5), scores, watchlists, eventTimestamp(when)));
    }

    /** {@code binaryinfo.host.observed}: first time on this sensor. */
    public static BusMessage binaryHostObserved(
            String md5,
            String hostname,
            int sensorId,
            Map<String, Integer> scores,
            Map<String, String> watchlists,
            Instant when) {
        return json(
                BINARY_HOST_OBSERVED,
                new BinaryHostObserved(hostname, sensorId, upper(md5), scores, watchlists, eventTimestamp(when)));
    }

    /** {@code binaryinfo.group.observed}: first time in this sensor group. */
    public static BusMessage binaryGroupObserved(
            String md5, String group, Map<String, Integer> scores, Map<String, String> watchlists, Instant when) {
        return json(
                BINARY_GROUP_OBSERVED,
                new BinaryGroupObserved(group, upper(md5), scores, watchlists, eventTimestamp(when)));
    }

    /**
     * {@code binarystore.file.added}: a binary file is now in the store.
     *
     * @param filePath where the file is kept (Carbon Black: the modulestore zip path; Lampblack: its own store path)
     */
    public static BusMessage binaryFileAdded(
            String md5, long size, long compressedSize, String filePath, Instant when) {
        return json(
                BINARY_FILE_ADDED,
                new BinaryFileAdded(upper(md5), size, compressedSize, NODE_ID, filePath, eventTimestamp(when)));
    }

    /**
     * {@code feed.synchronized}: a feed's document was fetched and its indicators loaded.
     *
     * @param updated   when the feed's data changed here (ISO, whole seconds, as captured)
     * @param scanStart when the scan of stored data for the feed's query indicators starts (epoch seconds); empty
     *                  for a feed without query indicators, which the captured samples show as {@code null}
     */
    public static BusMessage feedSynchronized(
            long feedId, String feedName, Instant updated, Optional<Instant> scanStart, Instant when) {
        return json(
                FEED_SYNCHRONIZED,
                new FeedSynchronized(
                        feedId,
                        updated.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString(),
                        scanStart.map(Instant::getEpochSecond).orElse(null),
                        eventTimestamp(when),
                        feedName));
    }

    /** Who a feed hit is about: the endpoint, and the process (its GUID) or the binary (its MD5). */
    public record HitSubject(
            int sensorId, String hostname, String group, String osType, String processId, String md5) {}

    /** What matched: the feed, its report and the indicator. */
    public record HitSource(
            long feedId,
            String feedName,
            String reportId,
            int reportScore,
            String iocType,
            String iocValue,
            ObjectNode iocAttr) {}

    /**
     * {@code feed.<feed id>.ingress.hit.process} or {@code .binary} (the EDR 5.2 form, reference §1.4, captured as
     * {@code feed.24.ingress.hit.process} and {@code feed.ingress.hit.binary}): an arriving event matched an
     * indicator. With {@code legacyKey} the same message is also routed under the 5.1 key without the feed id.
     */
    public static List<BusMessage> feedIngressHit(
            HitSource source, HitSubject subject, boolean legacyKey, Instant when) {
        boolean process = !subject.processId().isEmpty();
        FeedIngressHit hit = new FeedIngressHit(
                process ? subject.processId() : null,
                process ? null : upper(subject.md5()),
                subject.osType(),
                Hit.of(source, subject),
                process ? Boolean.FALSE : null,
                source.feedId(),
                source.feedName(),
                eventTimestamp(when));
        String what = process ? "process" : "binary";
        return keyed(
                json("feed." + source.feedId() + ".ingress.hit." + what, hit),
                legacyKey,
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
    public static List<BusMessage> feedQueryHit(
            long feedId,
            String feedName,
            String reportId,
            int reportScore,
            String indexType,
            String searchQuery,
            ObjectNode subject,
            boolean process,
            boolean legacyKey,
            Instant when) {
        FeedQueryHit hit = new FeedQueryHit(
                process ? subject.path("id").asText() : null,
                process ? subject.path("sensor_id").asInt() : null,
                process ? subject.path("group").asText("") : null,
                process ? subject.path("segment_id").asLong() : null,
                process ? null : subject.path("md5").asText(),
                List.of(subject),
                subject.path("hostname").asText(""),
                reportScore,
                eventTimestamp(when),
                feedName,
                feedId,
                new String(Json.bytes(new QueryIocValue(indexType, searchQuery)), StandardCharsets.UTF_8),
                new Highlights(List.of()),
                "",
                "query",
                "",
                reportId);
        String what = process ? "process" : "binary";
        return keyed(json("feed." + feedId + ".query.hit." + what, hit), legacyKey, "feed.query.hit." + what);
    }

    /**
     * {@code watchlist.hit.process} or {@code watchlist.hit.binary}: a periodic or streamed run found documents new to
     * the watchlist; several are coalesced into one message ({@code docs}), as captured.
     *
     * @param what       {@code process} or {@code binary}
     * @param highlights {@code [{name, ids}]}, possibly empty
     */
    public static BusMessage watchlistHit(
            String what,
            long watchlistId,
            String watchlistName,
            JsonNode highlights,
            List<? extends JsonNode> docs,
            Instant when) {
        return json(
                "watchlist.hit." + what,
                new WatchlistHit(
                        SERVER_NAME, docs, eventTimestamp(when), watchlistId, highlights, CB_VERSION, watchlistName));
    }

    /**
     * {@code watchlist.storage.hit.process} ({@code process_id}) or {@code .binary} ({@code md5}): one document, as
     * stored with its {@code watchlist_<id>} tag.
     */
    public static BusMessage watchlistStorageHit(
            String what,
            String subjectKey,
            String subject,
            long watchlistId,
            String watchlistName,
            ObjectNode doc,
            Instant when) {
        boolean process = subjectKey.equals("process_id");
        return json(
                "watchlist.storage.hit." + what,
                new WatchlistStorageHit(
                        process ? subject : null,
                        process ? null : subject,
                        watchlistId,
                        watchlistName,
                        CB_VERSION,
                        SERVER_NAME,
                        List.of(doc),
                        List.of(),
                        eventTimestamp(when)));
    }

    /**
     * {@code feed.<feed id>.storage.hit.process} or {@code .binary} (and {@code feed.storage.hit.*} with
     * {@code legacyKey}): an ingress hit's document is in the index; the message repeats the hit with the process
     * segment's or the binary's document in {@code docs}, under {@code process_id} or {@code md5} (key set as the
     * captured {@code feed.storage.hit.binary}: no {@code os_type}).
     */
    public static List<BusMessage> feedStorageHit(
            HitSource source, HitSubject subject, ObjectNode doc, boolean legacyKey, Instant when) {
        boolean binary = subject.processId().isEmpty();
        FeedStorageHit hit = new FeedStorageHit(
                binary ? upper(subject.md5()) : null,
                binary ? null : subject.processId(),
                List.of(doc),
                Hit.of(source, subject),
                source.feedId(),
                source.feedName(),
                eventTimestamp(when));
        String what = binary ? "binary" : "process";
        return keyed(
                json("feed." + source.feedId() + ".storage.hit." + what, hit), legacyKey, "feed.storage.hit." + what);
    }

    /**
     * {@code alert.<alert_type>} (captured: {@code alert.watchlist.hit.query.process} and {@code .binary}): a new
     * alert, flat, every value a string except {@code event_timestamp} (nested values as JSON text).
     */
    public static BusMessage alert(ObjectNode alert, Instant when) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("event_timestamp", eventTimestamp(when));
        alert.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isArray() && !e.getKey().equals("ioc_attr")) o.set(e.getKey(), v);
            else o.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        });
        return json("alert." + alert.path("alert_type").asText(), o);
    }

    /** A feed hit under the EDR 5.2 key with the feed id, and also under the 5.1 key without it when asked. */
    private static List<BusMessage> keyed(BusMessage withFeedId, boolean legacyKey, String legacyRoutingKey) {
        if (!legacyKey) return List.of(withFeedId);
        return List.of(
                withFeedId,
                new BusMessage(EVENTS_EXCHANGE, legacyRoutingKey, JSON, withFeedId.body(), Map.of(), false));
    }

    /**
     * {@code event_timestamp}: epoch seconds as a JSON float with millisecond precision ({@code 1447697628.645});
     * a decimal keeps Jackson from writing {@code 1.447697628645E9}.
     */
    static BigDecimal eventTimestamp(Instant when) {
        return BigDecimal.valueOf(when.toEpochMilli(), 3);
    }

    private static String upper(String md5) {
        return md5.toUpperCase(Locale.ROOT);
    }

    private static BusMessage json(String key, Object notification) {
        return new BusMessage(EVENTS_EXCHANGE, key, JSON, Json.bytes(notification), Map.of(), false);
    }

    // The notifications' shapes, keys in the order of the captured samples (corpus/json). A process or a binary
    // subject is named by one of two keys; the other is null and left out.

    private record BinaryObserved(
            @JsonProperty("md5") String md5,
            @JsonProperty("scores") Map<String, Integer> scores,
            @JsonProperty("watchlists") Map<String, String> watchlists,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp) {}

    private record BinaryHostObserved(
            @JsonProperty("hostname") String hostname,
            @JsonProperty("sensor_id") int sensorId,
            @JsonProperty("md5") String md5,
            @JsonProperty("scores") Map<String, Integer> scores,
            @JsonProperty("watchlists") Map<String, String> watchlists,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp) {}

    private record BinaryGroupObserved(
            @JsonProperty("group") String group,
            @JsonProperty("md5") String md5,
            @JsonProperty("scores") Map<String, Integer> scores,
            @JsonProperty("watchlists") Map<String, String> watchlists,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp) {}

    private record BinaryFileAdded(
            @JsonProperty("md5") String md5,
            @JsonProperty("size") long size,
            @JsonProperty("compressed_size") long compressedSize,
            @JsonProperty("node_id") int nodeId,
            @JsonProperty("file_path") String filePath,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp) {}

    /** @param scanStartTime epoch seconds; null (written) for a feed without query indicators */
    private record FeedSynchronized(
            @JsonProperty("feed_id") long feedId,
            @JsonProperty("feed_update_time") String feedUpdateTime,
            @JsonProperty("scan_start_time") Long scanStartTime,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp,
            @JsonProperty("feed_name") String feedName) {}

    /** The report, indicator and endpoint fields ingress and storage hits share, in the captured order. */
    private record Hit(
            @JsonProperty("report_id") String reportId,
            @JsonProperty("report_score") int reportScore,
            @JsonProperty("ioc_type") String iocType,
            @JsonProperty("ioc_value") String iocValue,
            @JsonProperty("ioc_attr") JsonNode iocAttr,
            @JsonProperty("hostname") String hostname,
            @JsonProperty("group") String group,
            @JsonProperty("sensor_id") int sensorId,
            @JsonProperty("cb_version") String cbVersion,
            @JsonProperty("server_name") String serverName) {

        static Hit of(HitSource source, HitSubject subject) {
            return new Hit(
                    source.reportId(),
                    source.reportScore(),
                    source.iocType(),
                    source.iocValue(),
                    source.iocAttr(),
                    subject.hostname(),
                    subject.group(),
                    subject.sensorId(),
                    CB_VERSION,
                    SERVER_NAME);
        }
    }

    /** @param fromFeedSearch process hits only */
    private record FeedIngressHit(
            @JsonProperty("process_id") @JsonInclude(NON_NULL)
            String processId,

            @JsonProperty("md5") @JsonInclude(NON_NULL) String md5,
            @JsonProperty("os_type") String osType,
            @JsonUnwrapped Hit hit,

            @JsonProperty("from_feed_search") @JsonInclude(NON_NULL)
            Boolean fromFeedSearch,

            @JsonProperty("feed_id") long feedId,
            @JsonProperty("feed_name") String feedName,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp) {}

    private record FeedStorageHit(
            @JsonProperty("md5") @JsonInclude(NON_NULL) String md5,

            @JsonProperty("process_id") @JsonInclude(NON_NULL)
            String processId,

            @JsonProperty("docs") List<JsonNode> docs,
            @JsonUnwrapped Hit hit,
            @JsonProperty("feed_id") long feedId,
            @JsonProperty("feed_name") String feedName,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp) {}

    /**
     * A process subject has {@code process_id}, {@code sensor_id}, {@code group} and {@code segment_id}; a binary
     * subject {@code md5}.
     *
     * @param iocValue {@link QueryIocValue} as JSON text
     */
    private record FeedQueryHit(
            @JsonProperty("process_id") @JsonInclude(NON_NULL)
            String processId,

            @JsonProperty("sensor_id") @JsonInclude(NON_NULL)
            Integer sensorId,

            @JsonProperty("group") @JsonInclude(NON_NULL) String group,

            @JsonProperty("segment_id") @JsonInclude(NON_NULL)
            Long segmentId,

            @JsonProperty("md5") @JsonInclude(NON_NULL) String md5,
            @JsonProperty("docs") List<JsonNode> docs,
            @JsonProperty("hostname") String hostname,
            @JsonProperty("report_score") int reportScore,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp,
            @JsonProperty("feed_name") String feedName,
            @JsonProperty("feed_id") long feedId,
            @JsonProperty("ioc_value") String iocValue,
            @JsonProperty("ioc_attrs") Highlights iocAttrs,
            @JsonProperty("comms_ip") String commsIp,
            @JsonProperty("ioc_type") String iocType,
            @JsonProperty("interface_ip") String interfaceIp,
            @JsonProperty("report_id") String reportId) {}

    /** The query indicator of a feed query hit, sent as JSON text in {@code ioc_value}. */
    private record QueryIocValue(
            @JsonProperty("index_type") String indexType,
            @JsonProperty("search_query") String searchQuery) {}

    private record Highlights(@JsonProperty("highlights") List<JsonNode> highlights) {}

    private record WatchlistHit(
            @JsonProperty("server_name") String serverName,
            @JsonProperty("docs") List<? extends JsonNode> docs,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp,
            @JsonProperty("watchlist_id") long watchlistId,
            @JsonProperty("highlights") JsonNode highlights,
            @JsonProperty("cb_version") String cbVersion,
            @JsonProperty("watchlist_name") String watchlistName) {}

    private record WatchlistStorageHit(
            @JsonProperty("process_id") @JsonInclude(NON_NULL)
            String processId,

            @JsonProperty("md5") @JsonInclude(NON_NULL) String md5,
            @JsonProperty("watchlist_id") long watchlistId,
            @JsonProperty("watchlist_name") String watchlistName,
            @JsonProperty("cb_version") String cbVersion,
            @JsonProperty("server_name") String serverName,
            @JsonProperty("docs") List<JsonNode> docs,
            @JsonProperty("highlights") List<JsonNode> highlights,
            @JsonProperty("event_timestamp") BigDecimal eventTimestamp) {}
}
