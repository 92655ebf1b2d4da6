package io.lampblack.server.binary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.FileTimes;
import io.lampblack.server.json.Json;
import io.lampblack.server.search.schema.BinarySchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Carbon Black binary document (reference §3.6, rest_api.md §5.5) of a {@link BinaryRecord}, and back. The same
 * JSON is stored in the index (without the icon, which has its own stored field), so a search result is the stored
 * document as it was written.
 *
 * <p>Like Carbon Black's, the document leaves out what is unknown (a binary seen only in process activity has no
 * {@code digsig_result}, sizes or version strings); clients read such keys with defaults.
 */
public final class BinaryJson {

    /** The API level in {@code cb_version}, matching {@code /api/info}'s 6.2.0. */
    public static final int CB_VERSION = 620;

    private BinaryJson() {}

    /** The document as search results show it: no icon. */
    public static ObjectNode document(BinaryRecord r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("md5", r.md5());
        o.put("server_added_timestamp", FileTimes.isoMillis(r.firstSeen()));
        o.put("timestamp", FileTimes.isoMillis(r.firstSeen()));
        o.put("last_seen", FileTimes.isoMillis(r.lastSeen()));
        r.origModLen().ifPresent(v -> o.put(BinarySchema.ORIG_MOD_LEN, v));
        r.copiedModLen().ifPresent(v -> o.put(BinarySchema.COPIED_MOD_LEN, v));
        ArrayNode observed = o.putArray(BinarySchema.OBSERVED_FILENAME);
        r.observedFilenames().forEach(observed::add);
        r.executableImage().ifPresent(v -> o.put(BinarySchema.IS_EXECUTABLE_IMAGE, v));
        r.is64bit().ifPresent(v -> o.put(BinarySchema.IS_64BIT, v));
        for (String field : BinarySchema.VERSION_INFO) {
            String v = r.text().get(field);
            if (v != null) o.put(field, v);
        }
        if (!r.digsigResult().isEmpty()) {
            o.put("signed", r.digsigResult());
            o.put(BinarySchema.DIGSIG_RESULT, r.digsigResult());
        }
        if (!r.digsigResultCode().isEmpty()) o.put(BinarySchema.DIGSIG_RESULT_CODE, r.digsigResultCode());
        r.digsigSignTime().ifPresent(t -> o.put(BinarySchema.DIGSIG_SIGN_TIME, FileTimes.isoMillis(t)));
        for (String field : BinarySchema.DIGSIG_TEXT) {
            String v = r.text().get(field);
            if (v != null) o.put(field, v);
        }
        o.put(BinarySchema.HOST_COUNT, r.hostCount());
        ArrayNode endpoints = o.putArray(BinarySchema.ENDPOINT);
        r.endpoints().values().forEach(endpoints::add);
        ArrayNode groups = o.putArray(BinarySchema.GROUP);
        r.groups().forEach(groups::add);
        if (!r.osType().isEmpty()) o.put(BinarySchema.OS_TYPE, r.osType());
        if (!r.sha256().isEmpty()) o.put(BinarySchema.SHA256_FIELD, r.sha256());
        o.putArray("watchlists");
        o.putArray("event_partition_id").add(0);
        o.put("facet_id", Integer.parseInt(r.md5().substring(0, 7), 16));
        o.put("cb_version", CB_VERSION);
        o.put(BinarySchema.TAMPERED, false);
        // Untokenized copies, as Carbon Black's documents carry them for facets.
        for (String field : BinarySchema.FACET_COPIES) {
            if (field.equals(BinarySchema.OBSERVED_FILENAME)) {
                o.set(field + "_facet", observed.deepCopy());
            } else if (r.text().containsKey(field)) {
                o.put(field + "_facet", r.text().get(field));
            }
        }
        return o;
    }

    /** The document as {@code /summary} shows it: with the icon in base64 when there is one. */
    public static ObjectNode summary(BinaryRecord r) {
        ObjectNode o = document(r);
        if (r.hasIcon()) {
            o.put("icon", Base64.getEncoder().encodeToString(r.icon()));
        }
        return o;
    }

    public static byte[] stored(BinaryRecord r) {
        try {
            return Json.MAPPER.writeValueAsBytes(document(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record from its stored document and icon. */
    public static BinaryRecord parse(byte[] stored, byte[] icon) {
        JsonNode o;
        try {
            o = Json.MAPPER.readTree(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored binary document", e);
        }
        SortedMap<String, String> text = new TreeMap<>();
        for (String field : BinarySchema.VERSION_INFO) putText(o, field, text);
        for (String field : BinarySchema.DIGSIG_TEXT) putText(o, field, text);
        SortedMap<Integer, String> endpoints = new TreeMap<>();
        for (JsonNode e : o.path(BinarySchema.ENDPOINT)) {
            String endpoint = e.asText();
            int bar = endpoint.lastIndexOf('|');
            endpoints.put(Integer.parseInt(endpoint.substring(bar + 1)), endpoint);
        }
        return new BinaryRecord(
                o.path("md5").asText(),
                o.path(BinarySchema.SHA256_FIELD).asText(""),
                time(o.path("server_added_timestamp")),
                time(o.path("last_seen")),
                text,
                o.path(BinarySchema.DIGSIG_RESULT).asText(""),
                o.path(BinarySchema.DIGSIG_RESULT_CODE).asText(""),
                o.has(BinarySchema.DIGSIG_SIGN_TIME)
                        ? OptionalLong.of(time(o.get(BinarySchema.DIGSIG_SIGN_TIME)))
                        : OptionalLong.empty(),
                optionalLong(o, BinarySchema.ORIG_MOD_LEN),
                optionalLong(o, BinarySchema.COPIED_MOD_LEN),
                optionalBool(o, BinarySchema.IS_64BIT),
                optionalBool(o, BinarySchema.IS_EXECUTABLE_IMAGE),
                icon,
                endpoints,
                strings(o.path(BinarySchema.GROUP)),
                strings(o.path(BinarySchema.OBSERVED_FILENAME)),
                o.path(BinarySchema.OS_TYPE).asText(""));
    }

    private static void putText(JsonNode o, String field, SortedMap<String, String> text) {
        if (o.hasNonNull(field)) text.put(field, o.get(field).asText());
    }

    private static long time(JsonNode n) {
        return Instant.parse(n.asText()).toEpochMilli();
    }

    private static OptionalLong optionalLong(JsonNode o, String field) {
        return o.has(field) ? OptionalLong.of(o.get(field).asLong()) : OptionalLong.empty();
    }

    private static Optional<Boolean> optionalBool(JsonNode o, String field) {
        return o.has(field) ? Optional.of(o.get(field).asBoolean()) : Optional.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
