package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /api/v1/process/<guid>/segment} (reference §4.2): {@code {"process": {"segments": [...]}}}. cbapi reads
 * each segment's id from its {@code unique_id}; the rest says what each segment holds.
 */
public record SegmentList(@JsonProperty("process") Segments process) {

    public static SegmentList of(List<Segment> segments) {
        return new SegmentList(new Segments(segments));
    }

    public record Segments(@JsonProperty("segments") List<Segment> segments) {}

    /** @param lastUpdate the segment's newest sensor time; {@code lastServerUpdate} when it was received */
    public record Segment(
            @JsonProperty("unique_id") String uniqueId,
            @JsonProperty("segment_id") long segmentId,
            @JsonProperty("last_update") String lastUpdate,
            @JsonProperty("last_server_update") String lastServerUpdate,
            @JsonProperty("event_counts") EventCounts eventCounts) {}

    /** The segment's events per type: the process document's {@code *_count} fields without the suffix. */
    public record EventCounts(
            @JsonProperty("modload") int modload,
            @JsonProperty("filemod") int filemod,
            @JsonProperty("regmod") int regmod,
            @JsonProperty("netconn") int netconn,
            @JsonProperty("childproc") int childproc,
            @JsonProperty("crossproc") int crossproc,
            @JsonProperty("processblock") int processblock,
            @JsonProperty("emet") int emet) {

        /** The process document's count fields, in this record's order: {@code modload_count}, ... */
        public static final List<String> DOCUMENT_FIELDS = Arrays.stream(EventCounts.class.getRecordComponents())
                .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value() + "_count")
                .toList();

        /** The counts a stored process document holds. */
        public static EventCounts of(JsonNode doc) {
            int[] n =
                    DOCUMENT_FIELDS.stream().mapToInt(f -> doc.path(f).asInt()).toArray();
            return new EventCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
        }
    }
}
