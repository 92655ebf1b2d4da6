package io.lampblack.server.lucene.binary;

import io.lampblack.server.binary.BinaryJson;
import io.lampblack.server.binary.BinaryRecord;
import io.lampblack.server.lucene.schema.DocumentFieldWriter;
import io.lampblack.server.search.schema.BinarySchema;
import io.lampblack.server.search.schema.HashNormalizer;
import java.util.Arrays;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene document of one binary: every {@link BinarySchema} field written through
 * {@link DocumentFieldWriter} (so searches agree with the query language), the JSON document stored for results,
 * the icon stored apart, and the upper-case MD5 in doc values for joins and as the last sort key.
 */
final class BinaryDocument {

    static final String STORED_JSON = "_json";
    static final String STORED_ICON = "_icon";
    /** Upper-case MD5 as sorted doc values. */
    static final String MD5_VALUE = "_md5";

    static final Set<String> STORED = Set.of(STORED_JSON, STORED_ICON);
    static final Set<String> JSON_ONLY = Set.of(STORED_JSON);
    /**
     * Marks a binary a module-info event has described. Binaries only seen in process activity keep their sightings
     * here but are not searchable, joinable or shown, as in Carbon Black, whose binary index holds described files.
     */
    static final String DESCRIBED = "_described";

    /** The binaries searches and lookups may see. */
    static Query described(Query query) {
        return new BooleanQuery.Builder()
                .add(query, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(DESCRIBED, "1")), BooleanClause.Occur.FILTER)
                .build();
    }

    private BinaryDocument() {}

    /** The term that identifies a binary's document (its MD5 as the {@code md5} field indexes it). */
    static Term key(String md5) {
        return new Term(BinarySchema.MD5_FIELD, HashNormalizer.normalize(md5));
    }

    static Document build(BinaryRecord r) {
        Document doc = new Document();
        DocumentFieldWriter w = new DocumentFieldWriter(BinarySchema.INSTANCE, doc);
        w.add(BinarySchema.MD5_FIELD, r.md5());
        w.add(BinarySchema.SHA256_FIELD, r.sha256());
        w.number(BinarySchema.SERVER_ADDED_TIMESTAMP, r.firstSeen());
        w.number(BinarySchema.LAST_SEEN, r.lastSeen());
        r.origModLen().ifPresent(v -> w.number(BinarySchema.ORIG_MOD_LEN, v));
        r.copiedModLen().ifPresent(v -> w.number(BinarySchema.COPIED_MOD_LEN, v));
        r.executableImage().ifPresent(v -> w.bool(BinarySchema.IS_EXECUTABLE_IMAGE, v));
        r.is64bit().ifPresent(v -> w.bool(BinarySchema.IS_64BIT, v));
        r.text().forEach(w::add);
        w.add(BinarySchema.OBSERVED_FILENAME, r.observedFilenames());
        w.add(BinarySchema.DIGSIG_RESULT, r.digsigResult());
        w.add(BinarySchema.DIGSIG_RESULT_CODE, r.digsigResultCode());
        r.digsigSignTime().ifPresent(t -> w.number(BinarySchema.DIGSIG_SIGN_TIME, t));
        w.number(BinarySchema.HOST_COUNT, r.hostCount());
        for (String endpoint : r.endpoints().values()) {
            w.add(BinarySchema.ENDPOINT, endpoint);
            w.add(BinarySchema.HOSTNAME, endpoint.substring(0, endpoint.lastIndexOf('|')));
        }
        w.add(BinarySchema.GROUP, r.groups());
        w.add(BinarySchema.OS_TYPE, r.osType());
        w.bool(BinarySchema.TAMPERED, false);
        doc.add(new StoredField(STORED_JSON, BinaryJson.stored(r)));
        if (r.hasIcon()) {
            doc.add(new StoredField(STORED_ICON, r.icon()));
        }
        doc.add(new SortedDocValuesField(MD5_VALUE, new BytesRef(r.md5())));
        if (r.hasModuleInfo()) doc.add(new StringField(DESCRIBED, "1", Field.Store.NO));
        return doc;
    }

    static BinaryRecord read(Document stored) {
        BytesRef json = stored.getBinaryValue(STORED_JSON);
        BytesRef icon = stored.getBinaryValue(STORED_ICON);
        return BinaryJson.parse(bytes(json), icon == null ? new byte[0] : bytes(icon));
    }

    private static byte[] bytes(BytesRef r) {
        return Arrays.copyOfRange(r.bytes, r.offset, r.offset + r.length);
    }
}
