package io.lampblack.server.store;

import io.lampblack.server.tag.TagStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link TagStore} in the metadata database (table {@code doc_tag}); works on H2 and PostgreSQL alike. */
public final class JdbcTagStore implements TagStore {

    /** Rows per IN list when reading the tags of a page of documents. */
    private static final int BATCH = 200;

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcTagStore(Database db, Clock clock) {
        this.jdbc = new Jdbc(db.dataSource());
        this.clock = clock;
    }

    /** Keys in one case per scope (process GUIDs and unique ids lower-case, MD5s upper-case), as documents show them. */
    static String key(Scope scope, String docKey) {
        return scope == Scope.BINARY
                ? docKey.toUpperCase(java.util.Locale.ROOT)
                : docKey.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void put(Scope scope, String rawKey, String tag, long value) {
        String docKey = key(scope, rawKey);
        Timestamp now = Timestamp.from(clock.instant());
        // Update first, insert when absent; a concurrent insert of the same row makes ours fail, and the update wins.
        for (int attempt = 0; attempt < 2; attempt++) {
            int n = jdbc.update(
                    "update doc_tag set value_num = ?, tagged_at = ? where scope = ? and doc_key = ? and tag = ?",
                    value,
                    now,
                    scope.dbName(),
                    docKey,
                    tag);
            if (n > 0) return;
            try {
                jdbc.update(
                        "insert into doc_tag (scope, doc_key, tag, value_num, tagged_at) values (?, ?, ?, ?, ?)",
                        scope.dbName(),
                        docKey,
                        tag,
                        value,
                        now);
                return;
            } catch (Jdbc.StoreException duplicate) {
                if (attempt == 1) throw duplicate;
            }
        }
    }

    @Override
    public void remove(Scope scope, String docKey, String tag) {
        jdbc.update(
                "delete from doc_tag where scope = ? and doc_key = ? and tag = ?",
                scope.dbName(),
                key(scope, docKey),
                tag);
    }

    @Override
    public List<String> keysWithin(Scope scope, String tag, long lo, long hi, int limit) {
        return jdbc.query(
                "select doc_key from doc_tag where scope = ? and tag = ? and value_num between ? and ? limit "
                        + Math.max(1, limit),
                rs -> rs.getString(1),
                scope.dbName(),
                tag,
                lo,
                hi);
    }

    @Override
    public Map<String, Map<String, Long>> tagsOf(Scope scope, Collection<String> docKeys) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        List<String> keys = docKeys.stream().map(k -> key(scope, k)).distinct().toList();
        for (int i = 0; i < keys.size(); i += BATCH) {
            List<String> batch = keys.subList(i, Math.min(keys.size(), i + BATCH));
            Object[] args = new Object[batch.size() + 1];
            args[0] = scope.dbName();
            for (int j = 0; j < batch.size(); j++) args[j + 1] = batch.get(j);
            String in = "?,".repeat(batch.size());
            jdbc.query(
                    "select doc_key, tag, value_num from doc_tag where scope = ? and doc_key in ("
                            + in.substring(0, in.length() - 1) + ")",
                    rs -> {
                        out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                                .put(rs.getString(2), rs.getLong(3));
                        return null;
                    },
                    args);
        }
        return out;
    }
}
