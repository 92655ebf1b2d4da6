package io.lampblack.server.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The server's one JSON mapper, configured once for the contracts it writes (Carbon Black's REST and bus documents,
 * Lampblack's own files) and the bodies it reads.
 *
 * <ul>
 *   <li>Keys in the order they are declared: a record's components in declaration order, a map in its own
 *       iteration order. Clients do not depend on the order, but the golden files and the captured corpus do, and
 *       a stable order keeps diffs readable.</li>
 *   <li>A {@code null} is written as {@code null}: many Carbon Black fields are present and null ({@code endDate} of
 *       the hot partition, a feed's {@code provider_rating}). A field that is left out when it has no value says so
 *       itself with {@code @JsonInclude(NON_NULL)}.</li>
 *   <li>BigDecimals are written plain ({@code 1447697628.645}, never {@code 1.447697628645E9}): the bus's
 *       {@code event_timestamp}.</li>
 *   <li>Unknown keys in what is read are ignored: cbapi sends whole objects back on {@code save()}, and either side
 *       of the sensor protocol may add fields.</li>
 *   <li>No date/time module: Carbon Black writes times in several formats (ISO with milliseconds, its database's
 *       {@code 2015-11-13 11:02:50.906219+00:00}, whole seconds), so a document's record holds each time as the
 *       text it is sent as, formatted where the document is built.</li>
 * </ul>
 *
 * <p>Do not reconfigure it: it is shared by every package. A writer or reader with other settings is derived from it
 * ({@code MAPPER.writerWithDefaultPrettyPrinter()}).
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {}

    /**
     * {@code value} as UTF-8 JSON. Values built in memory always serialise; a failure is a bug (a type Jackson cannot
     * write), so it is unchecked.
     */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }
}
