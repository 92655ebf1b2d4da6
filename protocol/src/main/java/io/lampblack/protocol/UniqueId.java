package io.lampblack.protocol;

import java.util.Objects;

/**
 * A process GUID plus a segment id: the {@code unique_id} of a process document. Rendered in the 6.x form
 * (12 hex digits); parsing also accepts the 5.x 8-digit form and a bare GUID (segment {@link SegmentId#WHOLE_PROCESS}).
 */
public record UniqueId(ProcessGuid guid, long segment) {

    public UniqueId {
        Objects.requireNonNull(guid, "guid");
        SegmentId.requireValid(segment);
    }

    /** @throws IllegalArgumentException on anything but a 36, 45 or 49 character id */
    public static UniqueId parse(String text) {
        return new UniqueId(ProcessGuid.parse(text), SegmentId.parse(text));
    }

    @Override
    public String toString() {
        return SegmentId.uniqueId(guid, segment);
    }
}
