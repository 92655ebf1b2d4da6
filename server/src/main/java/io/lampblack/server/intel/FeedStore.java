package io.lampblack.server.intel;

import io.lampblack.server.problem.Problem;
import java.util.List;
import java.util.Optional;

/** Where feeds are kept (the metadata database: {@code store.JdbcFeedStore}). */
public interface FeedStore {

    /** Stores a new feed; its id is assigned. Fails with {@link DuplicateFeedException} when the name is taken. */
    Feed create(Feed feed) throws DuplicateFeedException;

    Optional<Feed> find(long id);

    List<Feed> all();

    /** Replaces the stored feed of the same id; false when there is none. */
    boolean update(Feed feed) throws DuplicateFeedException;

    boolean delete(long id);

    /** The reports an analyst ignored, as {@link #reportKey}s; they produce no hits or alerts. */
    java.util.Set<String> ignoredReports();

    /** Records whether a report is ignored (kept across synchronisations; forgotten with its feed). */
    void setIgnored(long feedId, String reportId, boolean ignored);

    static String reportKey(long feedId, String reportId) {
        return feedId + ":" + reportId;
    }

    /** Another feed already has this {@code name}: names are part of query fields, so they must be unique. */
    final class DuplicateFeedException extends Exception implements Problem {
        public DuplicateFeedException(String name) {
            super("a feed named " + name + " exists already");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }

        @Override
        public String reason() {
            return "feed_exists";
        }
    }
}
