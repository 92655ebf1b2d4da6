package io.lampblack.server.search.schema;

import static io.lampblack.server.search.schema.ProcessFields.*;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The process-search catalogue (reference §2.2): every field a process query may name, how it
 * is indexed, and whether it is a default field for unfielded terms, sortable or facetable.
 * Fields not stored in segment documents (feed scores, watchlist tags, binary fields) are
 * recognised by pattern and returned as {@link DynamicField}s.
 */
public final class ProcessSchema implements FieldCatalog {

    /** The one catalogue; it is immutable, so sharing it is safe. */
    public static final ProcessSchema INSTANCE = new ProcessSchema();

    private static final String ALLIANCE_SCORE = "alliance_score_";

    private final FieldTable fields = new FieldTable();

    private ProcessSchema() {
        // Process metadata (every segment repeats it).
        fields.put(FieldSpec.of(PROCESS_NAME, FieldKind.KEYWORD)
                .asDefault()
                .asSortable()
                .asFacetable());
        fields.put(FieldSpec.of(PATH, FieldKind.PATH).asDefault().copiedTo(PATH_FULL));
        fields.put(FieldSpec.of(PATH_FULL, FieldKind.KEYWORD).asSortable().asFacetable());
        fields.put(FieldSpec.of(CMDLINE, FieldKind.CMDLINE).asDefault());
        fields.put(FieldSpec.of(PROCESS_MD5, FieldKind.MD5)
                .asDefault()
                .asSortable()
                .asFacetable());
        fields.put(FieldSpec.of(PROCESS_SHA256, FieldKind.SHA256).asDefault());
        fields.put(FieldSpec.of(PROCESS_PID, FieldKind.LONG).asSortable());
        fields.put(FieldSpec.of(PROCESS_ID, FieldKind.GUID).asSortable());
        fields.put(FieldSpec.of(SEGMENT_ID, FieldKind.LONG).asSortable());
        fields.put(FieldSpec.of(PARENT_NAME, FieldKind.KEYWORD)
                .asDefault()
                .asSortable()
                .asFacetable());
        fields.put(FieldSpec.of(PARENT_MD5, FieldKind.MD5).asDefault());
        fields.put(FieldSpec.of(PARENT_SHA256, FieldKind.SHA256).asDefault());
        fields.put(FieldSpec.of(PARENT_PID, FieldKind.LONG).asSortable());
        fields.put(FieldSpec.of(PARENT_ID, FieldKind.GUID));
        fields.put(FieldSpec.of(HOSTNAME, FieldKind.KEYWORD)
                .asDefault()
                .asSortable()
                .asFacetable());
        fields.put(
                FieldSpec.of(GROUP, FieldKind.KEYWORD).asDefault().asSortable().asFacetable());
        fields.put(FieldSpec.of(HOST_TYPE, FieldKind.KEYWORD)
                .asDefault()
                .asSortable()
                .asFacetable());
        fields.put(FieldSpec.of(OS_TYPE, FieldKind.KEYWORD).asSortable().asFacetable());
        fields.put(FieldSpec.of(USERNAME, FieldKind.USERNAME).asDefault().copiedTo(USERNAME_FULL));
        fields.put(FieldSpec.of(USERNAME_FULL, FieldKind.KEYWORD).asSortable().asFacetable());
        fields.put(FieldSpec.of(SENSOR_ID, FieldKind.LONG).asSortable());
        fields.put(FieldSpec.of(START, FieldKind.DATETIME).asSortable().asFacetable());
        fields.put(FieldSpec.of(LAST_UPDATE, FieldKind.DATETIME).asSortable());
        fields.put(FieldSpec.of(LAST_SERVER_UPDATE, FieldKind.DATETIME).asSortable());
        fields.put(FieldSpec.of(TERMINATED, FieldKind.BOOL));
        // Facet-only buckets derived from the start time's doc values by the facet module; the
        // writer refuses them, and searching on them is rejected.
        fields.put(FieldSpec.of(HOUR_OF_DAY, FieldKind.INTEGER)
                .asFacetable()
                .notSupportedYet("hour_of_day is a facet bucket; searching on it is not supported yet"));
        fields.put(FieldSpec.of(DAY_OF_WEEK, FieldKind.INTEGER)
                .asFacetable()
                .notSupportedYet("day_of_week is a facet bucket; searching on it is not supported yet"));
        // Counts, per segment.
        for (String count : List.of(
                MODLOAD_COUNT,
                FILEMOD_COUNT,
                REGMOD_COUNT,
                NETCONN_COUNT,
                CHILDPROC_COUNT,
                CROSSPROC_COUNT,
                PROCESSBLOCK_COUNT,
                EMET_COUNT)) {
            fields.put(FieldSpec.of(count, FieldKind.COUNT).asSortable());
        }
        // Event-derived.
        fields.put(FieldSpec.of(MODLOAD, FieldKind.PATH).asDefault());
        fields.put(FieldSpec.of(MODLOAD_MD5, FieldKind.MD5));
        fields.put(FieldSpec.of(MODLOAD_SHA256, FieldKind.SHA256));
        fields.put(FieldSpec.of(FILEMOD, FieldKind.PATH).asDefault());
        fields.put(FieldSpec.of(REGMOD, FieldKind.REGMOD_PATH).asDefault());
        fields.put(FieldSpec.of(DOMAIN, FieldKind.DOMAIN).asDefault());
        fields.put(FieldSpec.of(IPADDR, FieldKind.IPV4));
        fields.put(FieldSpec.of(IPV6ADDR, FieldKind.IPV6));
        fields.put(FieldSpec.of(IPPORT, FieldKind.INTEGER));
        fields.put(FieldSpec.of(JA3, FieldKind.KEYWORD));
        fields.put(FieldSpec.of(JA3S, FieldKind.KEYWORD));
        fields.put(FieldSpec.of(CHILDPROC_NAME, FieldKind.KEYWORD).asDefault());
        fields.put(FieldSpec.of(CHILDPROC_MD5, FieldKind.MD5).asDefault());
        fields.put(FieldSpec.of(CHILDPROC_SHA256, FieldKind.SHA256).asDefault());
        fields.put(FieldSpec.of(CROSSPROC_NAME, FieldKind.KEYWORD));
        fields.put(FieldSpec.of(CROSSPROC_MD5, FieldKind.MD5));
        fields.put(FieldSpec.of(CROSSPROC_SHA256, FieldKind.SHA256));
        fields.put(FieldSpec.of(CROSSPROC_TYPE, FieldKind.CROSSPROC_TYPE).asDefault());
        fields.put(FieldSpec.of(FILEWRITE_MD5, FieldKind.MD5).asDefault());
        fields.put(FieldSpec.of(FILEWRITE_SHA256, FieldKind.SHA256).asDefault());
        fields.put(FieldSpec.of(BLOCKED_MD5, FieldKind.MD5).asDefault());
        fields.put(FieldSpec.of(BLOCKED_STATUS, FieldKind.STATUS));
        fields.put(FieldSpec.of(MD5, FieldKind.MD5)
                .asDefault()
                .unionOf(PROCESS_MD5, PARENT_MD5, CHILDPROC_MD5, MODLOAD_MD5, FILEWRITE_MD5));
        fields.put(FieldSpec.of(SHA256, FieldKind.SHA256)
                .asDefault()
                .unionOf(PROCESS_SHA256, PARENT_SHA256, CHILDPROC_SHA256, MODLOAD_SHA256, FILEWRITE_SHA256));
        fields.put(FieldSpec.of(TAMPERED, FieldKind.BOOL));
        fields.put(FieldSpec.of(HAS_EMET_EVENT, FieldKind.BOOL));
        fields.put(FieldSpec.of(HAS_EMET_CONFIG, FieldKind.BOOL));
    }

    /** A field of the static catalogue (exact, lower-case name). */
    public Optional<FieldSpec> field(String name) {
        return fields.field(name);
    }

    /** Every field of the static catalogue, in declaration order. */
    public Collection<FieldSpec> fields() {
        return fields.fields();
    }

    @Override
    public List<FieldSpec> defaultFields() {
        return fields.defaultFields();
    }

    @Override
    public Optional<FieldRef> resolve(String rawName) {
        String name = rawName.toLowerCase(Locale.ROOT);
        Optional<FieldSpec> spec = fields.field(name);
        if (spec.isPresent()) {
            return Optional.of(spec.get());
        }
        return dynamic(name);
    }

    private static Optional<FieldRef> dynamic(String name) {
        Optional<JoinTarget> suffix = JoinTarget.bySuffixOf(name);
        String base = suffix.map(
                        t -> name.substring(0, name.length() - t.suffix().length()))
                .orElse(name);
        JoinTarget target = suffix.orElse(JoinTarget.PROCESS);
        // A feed score with a join suffix scores the related binary rather than the process itself;
        // a feed whose own name ends in "_child" etc. cannot be told apart and is read as a join.
        if (suffix.isPresent() && base.startsWith(ALLIANCE_SCORE) && base.length() > ALLIANCE_SCORE.length()) {
            return Optional.of(new DynamicField.BinaryJoin(name, FieldSpec.of(base, FieldKind.INTEGER), target));
        }
        Optional<FieldRef> tag = DynamicField.tag(name);
        if (tag.isPresent()) {
            return tag;
        }
        Optional<FieldSpec> binary = BinaryFields.field(base);
        if (binary.isPresent()) {
            return Optional.of(new DynamicField.BinaryJoin(name, binary.get(), target));
        }
        return Optional.empty();
    }
}
