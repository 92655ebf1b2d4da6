package io.lampblack.server.lucene.process;

import io.lampblack.server.search.schema.ProcessFields;
import java.io.IOException;
import java.util.Collection;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/** Counts the distinct sensors and processes that matching segment documents come from (doc values). */
final class SensorCounter extends SimpleCollector {

    final ProcessKeySet sensors = new ProcessKeySet(64);
    final ProcessKeySet processes = new ProcessKeySet(64);
    private NumericDocValues ids;
    private NumericDocValues keys;

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
        ids = DocValues.getNumeric(context.reader(), ProcessFields.SENSOR_ID);
        keys = DocValues.getNumeric(context.reader(), ProcessKeys.FIELD);
    }

    @Override
    public void setScorer(Scorable scorer) {}

    @Override
    public void collect(int doc) throws IOException {
        if (ids.advanceExact(doc)) sensors.add(ids.longValue());
        if (keys.advanceExact(doc)) processes.add(keys.longValue());
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
                out.processes.addAll(c.processes);
            }
            return out;
        }
    }
}
