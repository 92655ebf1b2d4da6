package io.lampblack.server.lucene.schema;

import io.lampblack.server.search.schema.CmdlineTokenizer;
import io.lampblack.server.search.schema.DomainTokenizer;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.KeywordNormalizer;
import io.lampblack.server.search.schema.PathNormalizer;
import io.lampblack.server.search.schema.ProcessFields;
import io.lampblack.server.search.schema.ProcessSchema;
import io.lampblack.server.search.schema.UsernameNormalizer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * The only way searchable process fields get into a segment {@link Document}, so that indexing
 * and query translation agree by construction: each method applies the normaliser of the
 * field's {@link FieldKind}, the same one the translator applies to query values, and refuses a
 * field of another kind.
 *
 * <p>Built for the ingest hot path. A multi-valued term field collects its distinct terms in an
 * arena and is added to the document as one field backed by a reusable token stream, indexed
 * with {@link IndexOptions#DOCS} unless phrases need positions; fields, streams, points and
 * buffers are reused from one document to the next, so steady-state writing allocates almost
 * nothing per term.
 *
 * <p>Usage, one writer per indexing thread:
 * <pre>{@code
 * writer.reset(doc)
 *       .keyword(ProcessFields.PROCESS_NAME, "notepad.exe")
 *       .path(ProcessFields.MODLOAD, modloadPaths)
 *       .count(ProcessFields.MODLOAD_COUNT, 34);
 * indexWriter.addDocument(doc);   // before the next reset
 * }</pre>
 * The fields read the writer's buffers lazily: the document must be consumed (it may be consumed
 * several times, e.g. by the index writer and the watchlist monitor) before the next
 * {@link #reset}. Not thread-safe.
 */
public final class ProcessFieldWriter {

    /** Positions left between two values of one positional field, so phrases never span values. */
    static final int VALUE_POSITION_GAP = 100;

    private static final FieldType TERMS = termsType(IndexOptions.DOCS);
    private static final FieldType POSITIONAL = termsType(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);

    private static FieldType termsType(IndexOptions options) {
        FieldType type = new FieldType();
        type.setTokenized(true); // required for token-stream fields; our stream is the "analyzer"
        type.setOmitNorms(true); // results are sorted, never scored by length
        type.setIndexOptions(options);
        type.freeze();
        return type;
    }

    private final ProcessSchema schema;
    private final PathVocabulary vocabulary;
    private final boolean bare;
    private final Map<String, Slot> slots = new HashMap<>();
    private final List<Slot> touched = new ArrayList<>();
    private final TermSlot present;
    private final PathNormalizer files = PathNormalizer.forFiles();
    private final PathNormalizer registry = PathNormalizer.forRegistry();
    private final CmdlineTokenizer cmdlineTokenizer = new CmdlineTokenizer(CmdlineTokenizer.Mode.INDEX);
    private final DomainTokenizer domainTokenizer = new DomainTokenizer();
    private char[] scratch = new char[128];
    private Document document;

    /** Writes every right-anchored sub-path of a path as a term. */
    public ProcessFieldWriter() {
        this(null, false);
    }

    /** For {@link PathVocabulary} entries: sub-path terms only, no copies, no presence terms. */
    static ProcessFieldWriter forVocabularyEntries() {
        return new ProcessFieldWriter(null, true);
    }

    /**
     * With a vocabulary, a path field gets only the whole normalised path as its term and the vocabulary learns the
     * path (with its sub-paths); sub-path queries are resolved through the vocabulary. This is how segment documents
     * are written: paths repeat across segments far more than they are new, and a whole path is one posting where
     * its sub-paths are four to ten.
     */
    public ProcessFieldWriter(PathVocabulary vocabulary) {
        this(vocabulary, false);
    }

    private ProcessFieldWriter(PathVocabulary vocabulary, boolean bare) {
        this.bare = bare;
        this.vocabulary = vocabulary;
        this.schema = ProcessSchema.INSTANCE;
        for (FieldSpec spec : schema.fields()) {
            slots.put(spec.name(), newSlot(spec));
        }
        this.present = new TermSlot(FieldSpec.of(ProcessFields.PRESENT, FieldKind.KEYWORD));
    }

    private Slot newSlot(FieldSpec spec) {
        return switch (spec.kind()) {
            case CMDLINE, DOMAIN -> new PositionalSlot(spec);
            case IPV4, INTEGER -> new IntPointsSlot(spec);
            case IPV6 -> new Ipv6Slot(spec);
            case COUNT, LONG, DATETIME -> new NumberSlot(spec);
            default -> new TermSlot(spec);
        };
    }

    /**
     * Starts a new document; everything written until the next reset goes into {@code doc}.
     * Pass a new or cleared document: the writer adds each of its fields once per reset and
     * reuses the same field objects for every document.
     */
    public ProcessFieldWriter reset(Document doc) {
        for (Slot slot : touched) {
            slot.clear();
        }
        touched.clear();
        present.clear();
        this.document = doc;
        return this;
    }

    // ---------------------------------------------------------------- whole-value terms

    /**
     * A whole value of a keyword-like field ({@link FieldKind#KEYWORD}, {@code STATUS},
     * {@code SIGN}, {@code CROSSPROC_TYPE}, hashes, GUIDs). May be called repeatedly for
     * multi-valued fields; duplicates are dropped.
     */
    public ProcessFieldWriter keyword(String field, CharSequence value) {
        TermSlot slot = termSlot(
                field,
                FieldKind.KEYWORD,
                FieldKind.STATUS,
                FieldKind.SIGN,
                FieldKind.CROSSPROC_TYPE,
                FieldKind.MD5,
                FieldKind.SHA256,
                FieldKind.GUID);
        writeWholeValue(slot, value);
        return this;
    }

    public ProcessFieldWriter keywords(String field, Iterable<? extends CharSequence> values) {
        for (CharSequence value : values) {
            keyword(field, value);
        }
        return this;
    }

    /** An MD5 or SHA-256 digest; also fills the union field ({@code md5}/{@code sha256}) where the schema says so. */
    public ProcessFieldWriter md5(String field, CharSequence hex) {
        writeWholeValue(termSlot(field, FieldKind.MD5, FieldKind.SHA256), hex);
        return this;
    }

    public ProcessFieldWriter md5s(String field, Iterable<? extends CharSequence> hexes) {
        for (CharSequence hex : hexes) {
            md5(field, hex);
        }
        return this;
    }

    /** A process GUID; the sortable one ({@code process_id}) also gets sorted doc values for grouping. */
    public ProcessFieldWriter guid(String field, CharSequence guid) {
        writeWholeValue(termSlot(field, FieldKind.GUID), guid);
        return this;
    }

    public ProcessFieldWriter bool(String field, boolean value) {
        writeWholeValue(termSlot(field, FieldKind.BOOL), value ? "true" : "false");
        return this;
    }

    /** The user name, indexed as the full {@code DOMAIN\\user} and as {@code user}. */
    public ProcessFieldWriter username(CharSequence username) {
        TermSlot slot = termSlot(ProcessFields.USERNAME, FieldKind.USERNAME);
        if (scratch.length < username.length()) {
            scratch = new char[username.length() * 2];
        }
        int length = KeywordNormalizer.normalizeInto(FieldKind.USERNAME, username, scratch, 0);
        if (length == 0) {
            return this;
        }
        slot.addTerm(scratch, 0, length);
        int shortStart = UsernameNormalizer.shortFormStart(scratch, 0, length);
        if (shortStart >= 0) {
            slot.addTerm(scratch, shortStart, length - shortStart);
        }
        copy(slot.spec, username);
        return this;
    }

    private void writeWholeValue(TermSlot slot, CharSequence value) {
        if (slot.terms.addNormalized(slot.spec.kind(), value)) {
            attach(slot);
            slot.docValue(value, document);
        }
        copy(slot.spec, value);
    }

    // ---------------------------------------------------------------- paths

    /** A file path of a {@link FieldKind#PATH} field: every right-anchored sub-path becomes a term. */
    public ProcessFieldWriter path(String field, CharSequence path) {
        TermSlot slot = termSlot(field, FieldKind.PATH);
        if (wholePaths(path)) files.forFullPath(path, (buf, off, len, h) -> wholePath(slot, buf, off, len, h));
        else files.forEachSubPath(path, slot);
        copy(slot.spec, path);
        return this;
    }

    /**
     * Whole paths go to segment documents when there is a vocabulary, except paths too long to be one term: those
     * keep their (shorter) sub-paths as terms in the document, which the resolver also searches directly.
     */
    private boolean wholePaths(CharSequence path) {
        return vocabulary != null && path.length() <= TermSet.MAX_TERM_CHARS;
    }

    private void wholePath(TermSlot slot, char[] buffer, int offset, int length, int hash) {
        slot.subPath(buffer, offset, length, hash);
        vocabulary.learn(slot.spec.name(), buffer, offset, length);
    }

    public ProcessFieldWriter path(String field, Iterable<? extends CharSequence> paths) {
        for (CharSequence path : paths) {
            path(field, path);
        }
        return this;
    }

    /** A registry key of the {@code regmod} field: path rules plus control-set folding. */
    public ProcessFieldWriter regmod(CharSequence key) {
        TermSlot slot = termSlot(ProcessFields.REGMOD, FieldKind.REGMOD_PATH);
        if (wholePaths(key)) registry.forFullPath(key, (buf, off, len, h) -> wholePath(slot, buf, off, len, h));
        else registry.forEachSubPath(key, slot);
        return this;
    }

    public ProcessFieldWriter regmod(Iterable<? extends CharSequence> keys) {
        for (CharSequence key : keys) {
            regmod(key);
        }
        return this;
    }

    // ---------------------------------------------------------------- positional text

    /**
     * A command line. Call again for the command lines of suppressed children (retention
     * maximization): each is tokenized separately, with a position gap between them.
     */
    public ProcessFieldWriter cmdline(CharSequence cmdline) {
        PositionalSlot slot = positionalSlot(ProcessFields.CMDLINE, FieldKind.CMDLINE);
        if (slot.values.addNormalized(FieldKind.KEYWORD, cmdline)) {
            int before = slot.tokens.size();
            cmdlineTokenizer.tokenize(cmdline, slot.firstIncrement(), slot.tokens);
            slot.attachIfGrown(before);
        }
        return this;
    }

    /** A DNS name from a network connection. */
    public ProcessFieldWriter domain(CharSequence domain) {
        PositionalSlot slot = positionalSlot(ProcessFields.DOMAIN, FieldKind.DOMAIN);
        if (slot.values.addNormalized(FieldKind.KEYWORD, domain)) {
            int before = slot.tokens.size();
            domainTokenizer.tokenize(domain, slot.firstIncrement(), slot.tokens);
            slot.attachIfGrown(before);
        }
        return this;
    }

    public ProcessFieldWriter domains(Iterable<? extends CharSequence> domains) {
        for (CharSequence domain : domains) {
            domain(domain);
        }
        return this;
    }

    // ---------------------------------------------------------------- addresses and numbers

    /** A remote IPv4 address, as the big-endian int sensors send. Multi-valued. */
    public ProcessFieldWriter ipv4(String field, int address) {
        IntPointsSlot slot = intPointsSlot(field, FieldKind.IPV4);
        slot.add(Ipv4Encoding.sortable(address));
        return this;
    }

    /** A remote IPv6 address. Multi-valued. */
    public ProcessFieldWriter ipv6(String field, InetAddress address) {
        Slot slot = slot(field, FieldKind.IPV6);
        ((Ipv6Slot) slot).add(address);
        return this;
    }

    /** A remote IPv6 address as its 16 network-order bytes. */
    public ProcessFieldWriter ipv6(String field, byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, got " + address.length);
        }
        try {
            return ipv6(field, InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // cannot happen for 16 bytes
        }
    }

    /** A plain integer of a multi-valued {@link FieldKind#INTEGER} field (ports). */
    public ProcessFieldWriter integer(String field, int value) {
        intPointsSlot(field, FieldKind.INTEGER).add(value);
        return this;
    }

    /** An event count; single-valued, sortable. */
    public ProcessFieldWriter count(String field, int value) {
        numberSlot(field, FieldKind.COUNT).set(value);
        return this;
    }

    /** A 64-bit number; single-valued, sortable. */
    public ProcessFieldWriter longValue(String field, long value) {
        numberSlot(field, FieldKind.LONG).set(value);
        return this;
    }

    /** An instant in epoch milliseconds; single-valued, sortable. */
    public ProcessFieldWriter datetime(String field, long epochMillis) {
        numberSlot(field, FieldKind.DATETIME).set(epochMillis);
        return this;
    }

    // ---------------------------------------------------------------- plumbing

    private void copy(FieldSpec spec, CharSequence value) {
        if (bare || spec.copyTo().isEmpty()) {
            return;
        }
        Slot target = slots.get(spec.copyTo().get());
        switch (target.spec.kind()) {
            case MD5, SHA256, KEYWORD, GUID -> writeWholeValue((TermSlot) target, value);
            default ->
                throw new IllegalStateException("copyTo " + target.spec.name() + " of kind " + target.spec.kind());
        }
    }

    /** Adds the slot's field to the document the first time the slot gets a value. */
    private void attach(Slot slot) {
        if (slot.attached) {
            return;
        }
        if (document == null) {
            throw new IllegalStateException("reset(Document) must be called before writing fields");
        }
        slot.attached = true;
        touched.add(slot);
        slot.addTo(document);
        // Fields with doc values answer `field:*` from those (FieldExistsQuery); only the others need a presence
        // term. Most segment fields have doc values, so this spares ~25 postings per document.
        if (bare || slot.spec.hasDocValues()) {
            return;
        }
        if (present.terms.addNormalized(FieldKind.KEYWORD, slot.spec.name()) && !present.attached) {
            present.attached = true;
            present.addTo(document);
        }
    }

    private Slot slot(String field, FieldKind... kinds) {
        Slot slot = slots.get(field);
        if (slot == null) {
            throw new IllegalArgumentException("'" + field + "' is not a process index field");
        }
        if (slot.spec.unsupported().isPresent()) {
            // Facet buckets such as hour_of_day are derived from other fields, never indexed.
            throw new IllegalArgumentException(
                    "'" + field + "' is not indexed: " + slot.spec.unsupported().get());
        }
        for (FieldKind kind : kinds) {
            if (slot.spec.kind() == kind) {
                return slot;
            }
        }
        throw new IllegalArgumentException(
                "'" + field + "' is a " + slot.spec.kind() + " field; this method writes " + List.of(kinds));
    }

    private TermSlot termSlot(String field, FieldKind... kinds) {
        return (TermSlot) slot(field, kinds);
    }

    private PositionalSlot positionalSlot(String field, FieldKind kind) {
        return (PositionalSlot) slot(field, kind);
    }

    private IntPointsSlot intPointsSlot(String field, FieldKind kind) {
        return (IntPointsSlot) slot(field, kind);
    }

    private NumberSlot numberSlot(String field, FieldKind kind) {
        return (NumberSlot) slot(field, kind);
    }

    /** Per-field state that survives from one document to the next. */
    private abstract static class Slot {
        final FieldSpec spec;
        boolean attached;

        Slot(FieldSpec spec) {
            this.spec = spec;
        }

        abstract void addTo(Document doc);

        void clear() {
            attached = false;
        }
    }

    /** Distinct whole-value or sub-path terms, one DOCS-only field. */
    private final class TermSlot extends Slot implements PathNormalizer.SubPathConsumer {
        final TermSet terms = new TermSet();
        final Field field;

        TermSlot(FieldSpec spec) {
            super(spec);
            this.field = new Field(spec.name(), new ReusableTokenStream(terms), TERMS);
        }

        @Override
        void addTo(Document doc) {
            doc.add(field);
        }

        @Override
        void clear() {
            super.clear();
            terms.clear();
        }

        void addTerm(char[] buffer, int offset, int length) {
            if (terms.add(buffer, offset, length)) {
                attach(this);
            }
        }

        @Override
        public void subPath(char[] buffer, int offset, int length, int hash) {
            if (terms.add(buffer, offset, length, hash)) {
                attach(this);
            }
        }

        /**
         * Sorting and facets read doc values. Facets show the value as the sensor reported it
         * (e.g. host names upper-case), so keywords keep the original text; GUIDs are single
         * sorted values used for grouping by process.
         */
        void docValue(CharSequence original, Document doc) {
            if (!spec.hasDocValues()) {
                return;
            }
            if (spec.kind() == FieldKind.GUID) {
                doc.add(new SortedDocValuesField(
                        spec.name(), new BytesRef(KeywordNormalizer.normalize(FieldKind.GUID, original))));
            } else {
                doc.add(new SortedSetDocValuesField(
                        spec.name(), new BytesRef(original.toString().strip())));
            }
        }
    }

    /** Tokens with positions (command lines, domains); whole values are deduplicated first. */
    private final class PositionalSlot extends Slot {
        final TermSet values = TermSet.unbounded();
        final TokenList tokens = new TokenList();
        final Field field;

        PositionalSlot(FieldSpec spec) {
            super(spec);
            this.field = new Field(spec.name(), new ReusableTokenStream(tokens), POSITIONAL);
        }

        int firstIncrement() {
            return tokens.size() == 0 ? 1 : VALUE_POSITION_GAP;
        }

        void attachIfGrown(int before) {
            if (tokens.size() > before) {
                attach(this);
            }
        }

        @Override
        void addTo(Document doc) {
            doc.add(field);
        }

        @Override
        void clear() {
            super.clear();
            values.clear();
            tokens.clear();
        }
    }

    /** Distinct int points (IPv4 addresses, ports), each its own pooled point field. */
    private final class IntPointsSlot extends Slot {
        final IntSet seen = new IntSet();
        final List<IntPoint> pool = new ArrayList<>();
        int used;

        IntPointsSlot(FieldSpec spec) {
            super(spec);
        }

        void add(int value) {
            if (!seen.add(value)) {
                return;
            }
            IntPoint point;
            if (used < pool.size()) {
                point = pool.get(used);
                point.setIntValue(value);
            } else {
                point = new IntPoint(spec.name(), value);
                pool.add(point);
            }
            used++;
            attach(this);
            if (used > 1) {
                document.add(point);
            }
        }

        @Override
        void addTo(Document doc) {
            doc.add(pool.get(0));
        }

        @Override
        void clear() {
            super.clear();
            seen.clear();
            used = 0;
        }
    }

    /** Distinct IPv6 points; rare enough that a plain set is fine. */
    private final class Ipv6Slot extends Slot {
        final Set<InetAddress> seen = new HashSet<>();
        final List<InetAddressPoint> pool = new ArrayList<>();

        Ipv6Slot(FieldSpec spec) {
            super(spec);
        }

        void add(InetAddress address) {
            if (!seen.add(address)) {
                return;
            }
            int index = seen.size() - 1;
            InetAddressPoint point;
            if (index < pool.size()) {
                point = pool.get(index);
                point.setInetAddressValue(address);
            } else {
                point = new InetAddressPoint(spec.name(), address);
                pool.add(point);
            }
            attach(this);
            if (index > 0) {
                document.add(point);
            }
        }

        @Override
        void addTo(Document doc) {
            doc.add(pool.get(0));
        }

        @Override
        void clear() {
            super.clear();
            seen.clear();
        }
    }

    /** One number per document: a point for queries and, when sortable, doc values. */
    private final class NumberSlot extends Slot {
        final Field point;
        final NumericDocValuesField docValues;

        NumberSlot(FieldSpec spec) {
            super(spec);
            this.point = spec.kind() == FieldKind.COUNT ? new IntPoint(spec.name(), 0) : new LongPoint(spec.name(), 0L);
            this.docValues = spec.hasDocValues() ? new NumericDocValuesField(spec.name(), 0L) : null;
        }

        void set(long value) {
            if (attached) {
                throw new IllegalStateException("'" + spec.name() + "' is single-valued and was already written");
            }
            if (spec.kind() == FieldKind.COUNT) {
                point.setIntValue(Math.toIntExact(value));
            } else {
                point.setLongValue(value);
            }
            if (docValues != null) {
                docValues.setLongValue(value);
            }
            attach(this);
        }

        @Override
        void addTo(Document doc) {
            doc.add(point);
            if (docValues != null) {
                doc.add(docValues);
            }
        }
    }
}
