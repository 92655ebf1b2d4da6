package io.lampblack.server.search.schema;

import static io.lampblack.server.search.schema.FieldKind.BOOL;
import static io.lampblack.server.search.schema.FieldKind.DATETIME;
import static io.lampblack.server.search.schema.FieldKind.INTEGER;
import static io.lampblack.server.search.schema.FieldKind.KEYWORD;
import static io.lampblack.server.search.schema.FieldKind.LONG;
import static io.lampblack.server.search.schema.FieldKind.MD5;
import static io.lampblack.server.search.schema.FieldKind.PATH;
import static io.lampblack.server.search.schema.FieldKind.SHA256;
import static io.lampblack.server.search.schema.FieldKind.SIGN;
import static io.lampblack.server.search.schema.FieldKind.TEXT;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The binary-search catalogue (reference §2.2, column B, and §3.6): one document per MD5 holding what module-info
 * events and process activity revealed about a file. Text fields are tokenized ({@link TextTokenizer}); the
 * {@code *_facet} fields are untokenized copies with doc values, for facets. Feed scores and watchlist tags are
 * recognised by pattern and answered by a {@code DynamicFieldResolver} (the tag store); binary joins do not exist
 * here.
 */
public final class BinarySchema implements FieldCatalog {

    public static final String MD5_FIELD = "md5";
    public static final String SHA256_FIELD = "sha256";
    public static final String SERVER_ADDED_TIMESTAMP = "server_added_timestamp";
    public static final String LAST_SEEN = "last_seen";
    public static final String ORIG_MOD_LEN = "orig_mod_len";
    public static final String COPIED_MOD_LEN = "copied_mod_len";
    public static final String OBSERVED_FILENAME = "observed_filename";
    public static final String IS_EXECUTABLE_IMAGE = "is_executable_image";
    public static final String IS_64BIT = "is_64bit";
    public static final String DIGSIG_RESULT = "digsig_result";
    public static final String DIGSIG_RESULT_CODE = "digsig_result_code";
    public static final String DIGSIG_SIGN_TIME = "digsig_sign_time";
    public static final String HOST_COUNT = "host_count";
    public static final String ENDPOINT = "endpoint";
    public static final String HOSTNAME = "hostname";
    public static final String GROUP = "group";
    public static final String OS_TYPE = "os_type";
    public static final String TAMPERED = "tampered";

    /** FileVersionInfo strings, in the order Carbon Black lists them. */
    public static final List<String> VERSION_INFO = List.of(
            "file_desc",
            "file_version",
            "product_name",
            "product_version",
            "company_name",
            "internal_name",
            "legal_copyright",
            "legal_trademark",
            "original_filename",
            "product_desc",
            "private_build",
            "special_build",
            "comments");
    /** Signature strings other than the result. */
    public static final List<String> DIGSIG_TEXT =
            List.of("digsig_publisher", "digsig_issuer", "digsig_subject", "digsig_prog_name");
    /** Text fields that have an untokenized {@code <name>_facet} copy (reference §3.6, §5). */
    public static final List<String> FACET_COPIES =
            List.of("product_name", "company_name", "digsig_publisher", "file_version", OBSERVED_FILENAME);

    private static final String FACET_SUFFIX = "_facet";

    /** The one catalogue; declared after the name lists it is built from (static initialisation order). */
    public static final BinarySchema INSTANCE = new BinarySchema();

    private final FieldTable fields = new FieldTable();

    private BinarySchema() {
        fields.put(FieldSpec.of(MD5_FIELD, MD5).asDefault());
        fields.put(FieldSpec.of(SHA256_FIELD, SHA256).asDefault());
        fields.put(FieldSpec.of(SERVER_ADDED_TIMESTAMP, DATETIME).asSortable().asFacetable());
        fields.put(FieldSpec.of(LAST_SEEN, DATETIME).asSortable());
        // Sizes are LONG, not COUNT: files can exceed 2 GiB, and "size:*" simply means "known".
        fields.put(FieldSpec.of(ORIG_MOD_LEN, LONG).asSortable());
        fields.put(FieldSpec.of(COPIED_MOD_LEN, LONG).asSortable());
        fields.put(FieldSpec.of(IS_EXECUTABLE_IMAGE, BOOL));
        fields.put(FieldSpec.of(IS_64BIT, BOOL));
        for (String name : VERSION_INFO) {
            fields.put(withFacetCopy(FieldSpec.of(name, TEXT).asDefault()));
        }
        for (String name : DIGSIG_TEXT) {
            fields.put(withFacetCopy(FieldSpec.of(name, TEXT).asDefault()));
        }
        fields.put(FieldSpec.of(OBSERVED_FILENAME, PATH).asDefault().copiedTo(OBSERVED_FILENAME + FACET_SUFFIX));
        fields.put(FieldSpec.of(DIGSIG_RESULT, SIGN).asDefault().asFacetable());
        fields.put(FieldSpec.of(DIGSIG_RESULT_CODE, KEYWORD));
        fields.put(FieldSpec.of(DIGSIG_SIGN_TIME, DATETIME).asSortable().asFacetable());
        fields.put(FieldSpec.of(HOST_COUNT, INTEGER).asSortable().asFacetable());
        fields.put(FieldSpec.of(ENDPOINT, KEYWORD).asFacetable());
        fields.put(FieldSpec.of(HOSTNAME, KEYWORD).asDefault().asFacetable());
        fields.put(FieldSpec.of(GROUP, KEYWORD).asDefault().asFacetable());
        fields.put(FieldSpec.of(OS_TYPE, KEYWORD).asFacetable());
        fields.put(FieldSpec.of(TAMPERED, BOOL));
        for (String name : FACET_COPIES) {
            fields.put(FieldSpec.of(name + FACET_SUFFIX, KEYWORD).asSortable().asFacetable());
        }
    }

    private static FieldSpec withFacetCopy(FieldSpec spec) {
        return FACET_COPIES.contains(spec.name()) ? spec.copiedTo(spec.name() + FACET_SUFFIX) : spec;
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
        return DynamicField.tag(name);
    }
}
