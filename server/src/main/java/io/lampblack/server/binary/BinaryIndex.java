package io.lampblack.server.binary;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The binary store by role: one document per MD5, rewritten whole when new observations change it. The catalog is
 * its only writer; the API, ingress hits and the binary search read it. {@code lucene.binary.LuceneBinaryIndex} is
 * the local implementation; a Solr or OpenSearch one would implement the same.
 *
 * <p>Not derived data: module-info metadata exists nowhere else once the journal is trimmed. Commits happen just
 * before the process index commits (see {@link BinaryCatalog}), so after a crash the index covers at least what the
 * replayed journal does not.
 */
public interface BinaryIndex extends AutoCloseable {

    /**
     * Merges each delta into its binary's document and writes the documents that changed; then makes them
     * searchable, so that the next batch reads what this one wrote. Not thread-safe with itself: the catalog calls
     * it from one flush at a time.
     */
    List<BinaryChange> apply(Collection<BinaryDelta> deltas);

    /** The binary with that MD5 (either case), if the index has it. */
    Optional<BinaryRecord> find(String md5);

    /** Makes everything applied so far durable. */
    void commit();

    /** Binary documents in the index. */
    long count();

    @Override
    void close();
}
