package io.lampblack.server.tag;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where tags live: one numeric value per (scope, document, tag). Implementations are thread-safe. */
public interface TagStore {

    /** What a tag is attached to. */
    enum Scope {
        /** A process: the key is a segment {@code unique_id} (that segment) or a process GUID (all its segments). */
        PROCESS,
        /** A binary: the key is its upper-case MD5. */
        BINARY;

        public String dbName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Sets (or replaces) a tag's value on a document. */
    void put(Scope scope, String docKey, String tag, long value);

    void remove(Scope scope, String docKey, String tag);

    /** The documents whose value of {@code tag} is within [lo, hi]; at most {@code limit} of them. */
    List<String> keysWithin(Scope scope, String tag, long lo, long hi, int limit);

    /** The tags (name → value) of each of these documents that has any. */
    Map<String, Map<String, Long>> tagsOf(Scope scope, Collection<String> docKeys);
}
