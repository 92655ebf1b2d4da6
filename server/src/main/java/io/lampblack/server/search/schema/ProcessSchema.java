package io.lampblack.server.search.schema;

import static io.lampblack.server.search.schema.ProcessFields.*;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private final Map<String, FieldSpec> fields;
    private final List<FieldSpec> defaultFields;

    private ProcessSchema() {
        Map<String, FieldSpec> map = new LinkedHashMap<>();
        // Process metadata (every segment repeats it).
        put(map, FieldSpec.of(PROCESS_NAME, FieldKind.KEYWORD).asDefault().asSortable().asFacetable());
        put(map, FieldSpec.of(PATH, FieldKind.PATH).asDefault().copiedTo(PATH_FULL));
        put(map, FieldSpec.of(PATH_FULL, FieldKind.KEYWORD).asSortable().asFacetable());
        put(map, FieldSpec.of(CMDLINE, FieldKind.CMDLINE).asDefault());
        put(map, FieldSpec.of(PROCESS_MD5, FieldKind.MD5).asDefault().asSortable().asFacetable());
        put(map, FieldSpec.of(PROCESS_SHA256, FieldKind.SHA256).asDefault());
        put(map, FieldSpec.of(PROCESS_PID, FieldKind.LONG).asSortable());
        put(map, FieldSpec.of(PROCESS_ID, FieldKind.GUID).asSortable());
        put(map, FieldSpec.of(SEGMENT_ID, FieldKind.LONG).asSortable());
        put(map, FieldSpec.of(PARENT_NAME, FieldKind.KEYWORD).asDefault().asSortable().asFacetable());
        put(map, FieldSpec.of(PARENT_MD5, FieldKind.MD5).asDefault());
        put(map, FieldSpec.of(PARENT_SHA256, FieldKind.SHA256).asDefault());
        put(map, FieldSpec.of(PARENT_PID, FieldKind.LONG).asSortable());
        put(map, FieldSpec.of(PARENT_ID, FieldKind.GUID));
        put(map, FieldSpec.of(HOSTNAME, FieldKind.KEYWORD).asDefault().asSortable().asFacetable());
        put(map, FieldSpec.of(GROUP, FieldKind.KEYWORD).asDefault().asSortable().asFacetable());
        put(map, FieldSpec.of(HOST_TYPE, FieldKind.KEYWORD).asDefault().asSortable().asFacetable());
        put(map, FieldSpec.of(OS_TYPE, FieldKind.KEYWORD).asSortable().asFacetable());
        put(map, FieldSpec.of(USERNAME, FieldKind.USERNAME).asDefault().copiedTo(USERNAME_FULL));
        put(map, FieldSpec.of(USERNAME_FULL, FieldKind.KEYWORD).asSortable().asFacetable());
        put(map, FieldSpec.of(SENSOR_ID, FieldKind.LONG).asSortable());
        put(map, FieldSpec.of(START, FieldKind.DATETIME).asSortable().asFacetable());
        put(map, FieldSpec.of(LAST_UPDATE, FieldKind.DATETIME).asSortable());
        put(map, FieldSpec.of(LAST_SERVER_UPDATE, FieldKind.DATETIME).asSortable());
        put(map, FieldSpec.of(TERMINATED, FieldKind.BOOL));
        // Facet-only buckets derived from the start time's doc values by the facet module; the
        // writer refuses them, and searching on them is rejected.
        put(map, FieldSpec.of(HOUR_OF_DAY, FieldKind.INTEGER).asFacetable()
                .notSupportedYet("hour_of_day is a facet bucket; searching on it is not supported yet"));
        put(map, FieldSpec.of(DAY_OF_WEEK, FieldKind.INTEGER).asFacetable()
                .notSupportedYet("day_of_week is a facet bucket; searching on it is not supported yet"));
        // Counts, per segment.
        for (String count : List.of(MODLOAD_COUNT, FILEMOD_COUNT, REGMOD_COUNT, NETCONN_COUNT, CHILDPROC_COUNT,
                CROSSPROC_COUNT, PROCESSBLOCK_COUNT, EMET_COUNT)) {
            put(map, FieldSpec.of(count, FieldKind.COUNT).asSortable());
        }
        // Event-derived.
        put(map, FieldSpec.of(MODLOAD, FieldKind.PATH).asDefault());
        put(map, FieldSpec.of(MODLOAD_MD5, FieldKind.MD5));
        put(map, FieldSpec.of(MODLOAD_SHA256, FieldKind.SHA256));
        put(map, FieldSpec.of(FILEMOD, FieldKind.PATH).asDefault());
        put(map, FieldSpec.of(REGMOD, FieldKind.REGMOD_PATH).asDefault());
        put(map, FieldSpec.of(DOMAIN, FieldKind.DOMAIN).asDefault());
        put(map, FieldSpec.of(IPADDR, FieldKind.IPV4));
        put(map, FieldSpec.of(IPV6ADDR, FieldKind.IPV6));
        put(map, FieldSpec.of(IPPORT, FieldKind.INTEGER));
        put(map, FieldSpec.of(JA3, FieldKind.KEYWORD));
        put(map, FieldSpec.of(JA3S, FieldKind.KEYWORD));
        put(map, FieldSpec.of(CHILDPROC_NAME, FieldKind.KEYWORD).asDefault());
        put(map, FieldSpec.of(CHILDPROC_MD5, FieldKind.MD5).asDefault());
        put(map, FieldSpec.of(CHILDPROC_SHA256, FieldKind.SHA256).asDefault());
        put(map, FieldSpec.of(CROSSPROC_NAME, FieldKind.KEYWORD));
        put(map, FieldSpec.of(CROSSPROC_MD5, FieldKind.MD5));
        put(map, FieldSpec.of(CROSSPROC_SHA256, FieldKind.SHA256));
        put(map, FieldSpec.of(CROSSPROC_TYPE, FieldKind.CROSSPROC_TYPE).asDefault());
        put(map, FieldSpec.of(FILEWRITE_MD5, FieldKind.MD5).asDefault());
        put(map, FieldSpec.of(FILEWRITE_SHA256, FieldKind.SHA256).asDefault());
        put(map, FieldSpec.of(BLOCKED_MD5, FieldKind.MD5).asDefault());
        put(map, FieldSpec.of(BLOCKED_STATUS, FieldKind.STATUS));
        put(map, FieldSpec.of(MD5, FieldKind.MD5).asDefault()
                .unionOf(PROCESS_MD5, PARENT_MD5, CHILDPROC_MD5, MODLOAD_MD5, FILEWRITE_MD5));
        put(map, FieldSpec.of(SHA256, FieldKind.SHA256).asDefault()
                .unionOf(PROCESS_SHA256, PARENT_SHA256, CHILDPROC_SHA256, MODLOAD_SHA256, FILEWRITE_SHA256));
        put(map, FieldSpec.of(TAMPERED, FieldKind.BOOL));
        put(map, FieldSpec.of(HAS_EMET_EVENT, FieldKind.BOOL));
        put(map, FieldSpec.of(HAS_EMET_CONFIG, FieldKind.BOOL));
        this.fields = Collections.unmodifiableMap(map);
        this.defaultFields = map.values().stream()
                .filter(FieldSpec::defaultField)
                .filter(spec -> spec.unsupported().isEmpty())
                .toList();
    }

    private static void put(Map<String, FieldSpec> map, FieldSpec spec) {
        if (map.put(spec.name(), spec) != null) {
            throw new IllegalStateException("field declared twice: " + spec.name());
        }
    }

    /** A field of the static catalogue (exact, lower-case name). */
    public Optional<FieldSpec> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Every field of the static catalogue, in declaration order. */
    public Collection<FieldSpec> fields() {
        return fields.values();
    }

    @Override
    public List<FieldSpec> defaultFields() {
        return defaultFields;
    }

    @Override
    public Optional<FieldRef> resolve(String rawName) {
        String name = rawName.toLowerCase(Locale.ROOT);
        FieldSpec spec = fields.get(name);
        if (spec != null) {
            return Optional.of(spec);
        }
        return dynamic(name);
    }

    private static Optional<FieldRef> dynamic(String name) {
        Optional<JoinTarget> suffix = JoinTarget.bySuffixOf(name);
        String base = suffix.map(t -> name.substring(0, name.length() - t.suffix().length())).orElse(name);
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
