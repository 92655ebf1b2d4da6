package io.lampblack.server.lucene.binary;

import io.lampblack.server.binary.SensorSighting;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.schema.BinarySchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The binaries observed on at least one sensor in a scope. A binary document lists its sightings as
 * {@code endpoint} terms {@code "hostname|sensor_id"}: the terms whose sensor is in scope are picked from the field's
 * dictionary (one term per host, however many binaries) and the documents holding any of them are the visible ones.
 */
final class VisibleEndpoints {

    private VisibleEndpoints() {}

    /** {@code query} narrowed to the binaries seen in scope; {@code query} itself when the scope is every sensor. */
    static Query filter(IndexSearcher s, Query query, SensorScope sensors) throws IOException {
        if (sensors.everything()) return query;
        return new BooleanQuery.Builder()
                .add(query, BooleanClause.Occur.MUST)
                .add(new TermInSetQuery(BinarySchema.ENDPOINT, terms(s, sensors)), BooleanClause.Occur.FILTER)
                .build();
    }

    private static List<BytesRef> terms(IndexSearcher s, SensorScope sensors) throws IOException {
        List<BytesRef> out = new ArrayList<>();
        Terms terms = MultiTerms.getTerms(s.getIndexReader(), BinarySchema.ENDPOINT);
        if (terms == null) return out;
        TermsEnum e = terms.iterator();
        for (BytesRef t = e.next(); t != null; t = e.next()) {
            if (sensors.includes(SensorSighting.sensorIdOf(t.utf8ToString()))) out.add(BytesRef.deepCopyOf(t));
        }
        return out;
    }
}
