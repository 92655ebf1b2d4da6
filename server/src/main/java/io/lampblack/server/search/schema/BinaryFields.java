package io.lampblack.server.search.schema;

import static io.lampblack.server.search.schema.FieldKind.BOOL;
import static io.lampblack.server.search.schema.FieldKind.COUNT;
import static io.lampblack.server.search.schema.FieldKind.DATETIME;
import static io.lampblack.server.search.schema.FieldKind.PATH;
import static io.lampblack.server.search.schema.FieldKind.SIGN;
import static io.lampblack.server.search.schema.FieldKind.TEXT;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fields that only the binary index holds (FileVersionInfo strings, signature data, image
 * flags, sizes, observed file names). In a process query they are evaluated through a join on
 * an MD5 of the process (reference §2.2), which is why they are recognised here but translated
 * elsewhere.
 */
public final class BinaryFields {

    private static final Map<String, FieldSpec> FIELDS = new LinkedHashMap<>();

    static {
        Stream.of("comments", "company_name", "file_desc", "file_version", "internal_name",
                        "legal_copyright", "legal_trademark", "original_filename", "private_build",
                        "special_build", "product_desc", "product_name", "product_version",
                        "digsig_issuer", "digsig_prog_name", "digsig_publisher", "digsig_subject")
                .forEach(name -> add(FieldSpec.of(name, TEXT)));
        add(FieldSpec.of("digsig_result", SIGN));
        add(FieldSpec.of("digsig_sign_time", DATETIME));
        add(FieldSpec.of("is_64bit", BOOL));
        add(FieldSpec.of("is_executable_image", BOOL));
        add(FieldSpec.of("orig_mod_len", COUNT));
        add(FieldSpec.of("copied_mod_len", COUNT));
        add(FieldSpec.of("observed_filename", PATH));
    }

    private static void add(FieldSpec spec) {
        FIELDS.put(spec.name(), spec);
    }

    private BinaryFields() {
    }

    /** The binary field of that (lower-case) name. */
    public static Optional<FieldSpec> field(String name) {
        return Optional.ofNullable(FIELDS.get(name));
    }
}
