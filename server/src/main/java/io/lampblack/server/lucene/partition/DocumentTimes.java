package io.lampblack.server.lucene.partition;

import io.lampblack.server.search.PartitionFilter;
import io.lampblack.server.search.schema.ProcessFields;
import java.io.IOException;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;

/**
 * The server-time ({@code last_server_update}) and sensor-time ({@code last_update}) ranges of a partition's
 * documents, read from the points' min/max in each Lucene segment (no document is visited). A windowed search
 * skips a partition whose ranges cannot overlap its window. Deleted documents may widen the ranges, which only
 * makes a skip less likely, never wrong.
 */
public record DocumentTimes(long minServerMillis, long maxServerMillis, long minSensorMillis, long maxSensorMillis) {

    /** No documents: matches no window. */
    public static final DocumentTimes NONE =
            new DocumentTimes(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE);

    public boolean isEmpty() {
        return minServerMillis > maxServerMillis;
    }

    public boolean mayMatch(PartitionFilter filter) {
        return !isEmpty() && filter.mayMatch(minServerMillis, maxServerMillis, minSensorMillis, maxSensorMillis);
    }

    public static DocumentTimes of(IndexReader reader) throws IOException {
        long minServer = Long.MAX_VALUE,
                maxServer = Long.MIN_VALUE,
                minSensor = Long.MAX_VALUE,
                maxSensor = Long.MIN_VALUE;
        for (LeafReaderContext leaf : reader.leaves()) {
            PointValues server = leaf.reader().getPointValues(ProcessFields.LAST_SERVER_UPDATE);
            if (server != null && server.size() > 0) {
                minServer = Math.min(minServer, LongPoint.decodeDimension(server.getMinPackedValue(), 0));
                maxServer = Math.max(maxServer, LongPoint.decodeDimension(server.getMaxPackedValue(), 0));
            }
            PointValues sensor = leaf.reader().getPointValues(ProcessFields.LAST_UPDATE);
            if (sensor != null && sensor.size() > 0) {
                minSensor = Math.min(minSensor, LongPoint.decodeDimension(sensor.getMinPackedValue(), 0));
                maxSensor = Math.max(maxSensor, LongPoint.decodeDimension(sensor.getMaxPackedValue(), 0));
            }
        }
        if (minServer > maxServer) return NONE;
        // A document always has both times; should one field be absent, leave the sensor range open rather than
        // let the partition be skipped for a window it may match.
        if (minSensor > maxSensor) return new DocumentTimes(minServer, maxServer, Long.MIN_VALUE, Long.MAX_VALUE);
        return new DocumentTimes(minServer, maxServer, minSensor, maxSensor);
    }
}
