package io.lampblack.server.search.schema;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fields that only the binary index holds (FileVersionInfo strings, signature data, image flags, sizes, observed
 * file names). In a process query they are evaluated through a join on an MD5 of the process (reference §2.2),
 * which is why they are recognised here but translated elsewhere. Their specs are those of {@link BinarySchema},
 * so a joined clause means exactly what it means in a binary search.
 */
public final class BinaryFields {

    /** The binary-only-sourced family the reference lists for joins (not md5, group, host_count...). */
    private static final Set<String> JOINABLE = Stream.concat(
                    Stream.concat(BinarySchema.VERSION_INFO.stream(), BinarySchema.DIGSIG_TEXT.stream()),
                    Stream.of(
                            BinarySchema.DIGSIG_RESULT,
                            BinarySchema.DIGSIG_SIGN_TIME,
                            BinarySchema.IS_64BIT,
                            BinarySchema.IS_EXECUTABLE_IMAGE,
                            BinarySchema.ORIG_MOD_LEN,
                            BinarySchema.COPIED_MOD_LEN,
                            BinarySchema.OBSERVED_FILENAME))
            .collect(Collectors.toUnmodifiableSet());

    private BinaryFields() {}

    /** The binary field of that (lower-case) name, when a process query may join on it. */
    public static Optional<FieldSpec> field(String name) {
        return JOINABLE.contains(name) ? BinarySchema.INSTANCE.field(name) : Optional.empty();
    }
}
