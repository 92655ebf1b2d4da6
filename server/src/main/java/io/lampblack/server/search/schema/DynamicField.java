package io.lampblack.server.search.schema;

/**
 * A field recognised by pattern rather than listed in the catalogue. Such fields are not
 * stored in the segment documents: tags (feed scores, watchlist hits) live beside the segments
 * and binary fields live in the binary index, so their translation is delegated
 * ({@code search.query.DynamicFieldResolver}).
 */
public sealed interface DynamicField extends FieldRef {

    /** A short human description for error messages. */
    String describe();

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
