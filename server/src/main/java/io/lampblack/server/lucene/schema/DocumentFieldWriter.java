package io.lampblack.server.lucene.schema;

import io.lampblack.server.search.schema.FieldCatalog;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.KeywordNormalizer;
import io.lampblack.server.search.schema.PathNormalizer;
import io.lampblack.server.search.schema.ProcessFields;
import io.lampblack.server.search.schema.TextTokenizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * Writes the fields of any {@link FieldCatalog} into one Lucene document by their {@link FieldKind}, applying the
 * same normalisers the query translator applies, so that a low-volume index (binaries) agrees with the query
 * language by construction. It is the simple counterpart of {@link ProcessFieldWriter}, which is tuned for the
 * ingest hot path and tied to the process schema; this one allocates freely.
 *
 * <p>What each kind becomes: whole-value kinds one normalised term per value; {@link FieldKind#PATH} every
 * right-anchored sub-path; {@link FieldKind#TEXT} positional tokens; numbers and dates points. Sortable or
 * facetable fields also get doc values (the original text for keywords, so facets show values as reported; a
 * number for numbers and dates). Fields without doc values get a presence term in {@link ProcessFields#PRESENT},
 * which is how the translator answers {@code field:*}. A field's {@link FieldSpec#copyTo()} target receives the
 * same value. One writer per document; not thread-safe.
 */
public final class DocumentFieldWriter {

    private static final FieldType POSITIONAL = positional();

    private static FieldType positional() {
        FieldType type = new FieldType();
        type.setTokenized(true);
        type.setOmitNorms(true);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        type.freeze();
        return type;
    }

    private final FieldCatalog catalog;
    private final Document document;
    private final Set<String> present = new HashSet<>();
    private final Set<String> numbersWritten = new HashSet<>();
    private final Set<String> termsWritten = new HashSet<>();
    private final Set<String> textWritten = new HashSet<>();

    public DocumentFieldWriter(FieldCatalog catalog, Document document) {
        this.catalog = catalog;
        this.document = document;
    }

    /** A text value of any term-based kind (keywords, hashes, booleans as text, paths, text). Blank values are skipped. */
    public DocumentFieldWriter add(String field, String value) {
        if (value == null || value.isBlank()) {
            return this;
        }
        FieldSpec spec = spec(field);
        switch (spec.kind()) {
            case PATH -> {
                for (String subPath : PathNormalizer.subPaths(value)) {
                    term(spec, subPath);
                }
            }
            case TEXT -> text(spec, value);
            case KEYWORD, MD5, SHA256, SIGN, STATUS, CROSSPROC_TYPE, GUID, BOOL ->
                term(spec, KeywordNormalizer.normalize(spec.kind(), value));
            default ->
                throw new IllegalArgumentException(
                        "'" + field + "' is a " + spec.kind() + " field; write it with the number method");
        }
        docValue(spec, value);
        spec.copyTo().ifPresent(target -> add(target, value));
        return this;
    }

    public DocumentFieldWriter add(String field, List<String> values) {
        values.forEach(v -> add(field, v));
        return this;
    }

    public DocumentFieldWriter bool(String field, boolean value) {
        FieldSpec spec = spec(field);
        if (spec.kind() != FieldKind.BOOL) {
            throw new IllegalArgumentException("'" + field + "' is not a boolean field");
        }
        return add(field, Boolean.toString(value));
    }

    /** A number or an instant (epoch ms) of a {@code COUNT}, {@code INTEGER}, {@code LONG} or {@code DATETIME} field. */
    public DocumentFieldWriter number(String field, long value) {
        FieldSpec spec = spec(field);
        if (!numbersWritten.add(field) && spec.hasDocValues()) {
            throw new IllegalStateException("'" + field + "' is single-valued and was already written");
        }
        switch (spec.kind()) {
            case COUNT, INTEGER -> document.add(new IntPoint(field, Math.toIntExact(value)));
            case LONG, DATETIME -> document.add(new LongPoint(field, value));
            default ->
                throw new IllegalArgumentException("'" + field + "' is a " + spec.kind() + " field, not a number");
        }
        if (spec.hasDocValues()) {
            document.add(new NumericDocValuesField(field, value));
        } else {
            presence(spec);
        }
        return this;
    }

    private FieldSpec spec(String field) {
        return catalog.resolve(field)
                .filter(FieldSpec.class::isInstance)
                .map(FieldSpec.class::cast)
                .orElseThrow(() -> new IllegalArgumentException("'" + field + "' is not a field of the catalogue"));
    }

    private void term(FieldSpec spec, String term) {
        if (term.isEmpty() || term.length() > TermSet.MAX_TERM_CHARS) {
            // Lucene refuses a document holding a term over 32 KiB; the rest of the document matters more.
            return;
        }
        if (termsWritten.add(spec.name() + '\u0000' + term)) {
            document.add(new StringField(spec.name(), term, Field.Store.NO));
            presence(spec);
        }
    }

    private void text(FieldSpec spec, String value) {
        TokenList tokens = new TokenList();
        // Values of one field are kept apart by a position gap so that a phrase never spans two of them.
        int first = textWritten.add(spec.name()) ? 1 : ProcessFieldWriter.VALUE_POSITION_GAP;
        TextTokenizer.tokenize(value, first, tokens);
        if (tokens.size() > 0) {
            document.add(new Field(spec.name(), new ReusableTokenStream(tokens), POSITIONAL));
            presence(spec);
        }
    }

    private void docValue(FieldSpec spec, String original) {
        String value = original.strip();
        if (spec.hasDocValues() && value.length() <= TermSet.MAX_TERM_CHARS) {
            document.add(new SortedSetDocValuesField(spec.name(), new BytesRef(value)));
        }
    }

    private void presence(FieldSpec spec) {
        if (!spec.hasDocValues() && present.add(spec.name())) {
            document.add(new StringField(ProcessFields.PRESENT, spec.name(), Field.Store.NO));
        }
    }
}
