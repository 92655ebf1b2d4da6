package io.lampblack.protocol;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.util.List;

/**
 * A fully validated event-log upload.
 *
 * <p>{@code framed} is shared, not copied: for a plain upload it is the request body itself. Callers must not
 * modify it. Equality of this record is identity of that array, which is what one wants for a large buffer.
 *
 * @param format  how the upload was packaged
 * @param framed  the plain {@code [uint32 LE length][CbEventMsg]} stream (all zip entries concatenated)
 * @param records where each message lies in {@code framed}, parallel to {@code events}
 * @param events  the parsed messages, in upload order
 */
public record DecodedEventLog(EventLogFormat format, byte[] framed, List<RecordSpan> records, List<CbEventMsg> events) {

    public DecodedEventLog {
        records = List.copyOf(records);
        events = List.copyOf(events);
        if (records.size() != events.size()) {
            throw new IllegalArgumentException(records.size() + " records but " + events.size() + " events");
        }
    }

    public int size() {
        return events.size();
    }

    /** The encoded bytes of record {@code index}, for re-publishing without re-encoding. */
    public ByteString recordBytes(int index) {
        RecordSpan span = records.get(index);
        return ByteString.copyFrom(framed, span.offset(), span.length());
    }
}
