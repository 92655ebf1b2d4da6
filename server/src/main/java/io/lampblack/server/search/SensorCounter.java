package io.lampblack.server.search;

import io.lampblack.server.search.schema.ProcessFields;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

import java.io.IOException;
import java.util.Collection;

/** Counts matching segment documents and the distinct sensors they come from (sensor_id doc values). */
final class SensorCounter extends SimpleCollector {

    final ProcessKeySet sensors = new ProcessKeySet(64);
    long docs;
    private NumericDocValues ids;

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
        ids = DocValues.getNumeric(context.reader(), ProcessFields.SENSOR_ID);
    }

    @Override
    public void setScorer(Scorable scorer) {
    }

    @Override
    public void collect(int doc) throws IOException {
        docs++;
        if (ids.advanceExact(doc)) sensors.add(ids.longValue());
    }

    @Override
    public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
    }

    static final class Manager implements CollectorManager<SensorCounter, SensorCounter> {
        @Override
        public SensorCounter newCollector() {
            return new SensorCounter();
        }

        @Override
        public SensorCounter reduce(Collection<SensorCounter> collectors) {
            SensorCounter out = new SensorCounter();
            for (SensorCounter c : collectors) {
                out.sensors.addAll(c.sensors);
                out.docs += c.docs;
            }
            return out;
        }
    }
}
