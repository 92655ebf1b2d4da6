package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.protocol.FileTimes;
import io.lampblack.server.search.PartitionInfo;

/**
 * One storage partition (reference §4.13): an entry of {@code GET /api/v1/storage/events/partition}, keyed there by
 * its name, and the answer to a roll, mount or unmount. {@code info.isLegacy} is read by every 6.x client at start-up
 * (true would make it add {@code cb.legacy_5x_mode} to process queries).
 */
public record PartitionDocument(
        @JsonProperty("name") String name,
        @JsonProperty("status") String status,
        @JsonProperty("info") Info info) {

    /**
     * @param endDate null for the hot partition
     * @param schema  the Carbon Black 6.x events schema the partition's documents follow
     */
    public record Info(
            @JsonProperty("sizeInBytes") long sizeInBytes,
            @JsonProperty("startDate") String startDate,
            @MayBeNull @JsonProperty("endDate") String endDate,
            @JsonProperty("partitionId") long partitionId,
            @JsonProperty("deletedDocs") int deletedDocs,
            @JsonProperty("maxDoc") int maxDoc,
            @JsonProperty("numDocs") int numDocs,
            @JsonProperty("segmentCount") int segmentCount,
            @JsonProperty("userMounted") boolean userMounted,
            @JsonProperty("isLegacy") boolean isLegacy,
            @JsonProperty("dir") String dir,
            @JsonProperty("schema") String schema) {}

    public static PartitionDocument of(PartitionInfo p) {
        return new PartitionDocument(
                p.name(),
                p.status(),
                new Info(
                        p.sizeInBytes(),
                        FileTimes.isoMillis(p.startMillis()),
                        p.endMillis().map(FileTimes::isoMillis).orElse(null),
                        p.partitionId(),
                        p.deletedDocs(),
                        p.maxDoc(),
                        p.numDocs(),
                        p.segmentCount(),
                        p.userMounted(),
                        false,
                        p.dir(),
                        "cbevents_v2"));
    }
}
