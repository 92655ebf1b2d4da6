package io.lampblack.server.search.schema;

/**
 * A field recognised by pattern rather than listed in the catalogue. Such fields are not
 * stored in the segment documents: tags (feed scores, watchlist hits) live beside the segments
 * and binary fields live in the binary index, so their translation is delegated
 * ({@code lucene.query.DynamicFieldResolver}).
 */
public sealed interface DynamicField extends FieldRef {

    /** A short human description for error messages. */
    String describe();

    /**
     * The tag field a (lower-case) name denotes in any catalogue — {@code watchlist_<id>}, {@code alliance_score_<feed>},
     * {@code alliance_<attribute>_<feed>} — or empty.
     */
    static java.util.Optional<FieldRef> tag(String name) {
        String watchlist = "watchlist_";
        String alliance = "alliance_";
        String score = "alliance_score_";
        if (name.startsWith(watchlist)
                && name.length() > watchlist.length()
                && name.substring(watchlist.length()).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return java.util.Optional.of(new WatchlistTag(name, name.substring(watchlist.length())));
        }
        if (name.startsWith(score) && name.length() > score.length()) {
            return java.util.Optional.of(new FeedScore(name, name.substring(score.length())));
        }
        if (name.startsWith(alliance)) {
            int separator = name.indexOf('_', alliance.length());
            if (separator > alliance.length() && separator < name.length() - 1) {
                return java.util.Optional.of(new FeedAttribute(
                        name, name.substring(alliance.length(), separator), name.substring(separator + 1)));
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code alliance_score_<feed>}: the score a feed gave the document. */
    record FeedScore(String name, String feed) implements DynamicField {
        @Override
        public String describe() {
            return "feed score of feed '" + feed + "'";
        }
    }

    /** {@code alliance_<attribute>_<feed>} other than score ({@code link}, {@code data}, {@code updated}). */
    record FeedAttribute(String name, String attribute, String feed) implements DynamicField {
        @Override
        public String describe() {
            return "feed attribute '" + attribute + "' of feed '" + feed + "'";
        }
    }

    /** {@code watchlist_<id>}: when the document was tagged by that watchlist. */
    record WatchlistTag(String name, String watchlistId) implements DynamicField {
        @Override
        public String describe() {
            return "watchlist " + watchlistId + " tag";
        }
    }

    /**
     * A binary-index field used in a process query: evaluated on the binary whose MD5 is the
     * process's (or its modload's, filewrite's, parent's, child's) MD5.
     */
    record BinaryJoin(String name, FieldSpec binaryField, JoinTarget target) implements DynamicField {
        @Override
        public String describe() {
            return "binary field '" + binaryField.name() + "' joined on " + target.md5Field();
        }
    }
}
