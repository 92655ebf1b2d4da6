package io.lampblack.server.search;

import io.lampblack.server.process.MetadataLookup;
import io.lampblack.server.process.ProcessSegment;
import java.util.List;

/**
 * The process store by role: where segments go in, and where searches, summaries and events read them back.
 * {@code lucene.process.LuceneProcessIndex} is the local implementation; a SolrCloud one would implement the same.
 *
 * <p>Exactly-once contract with the ingest pipeline: {@link #commit(long)} makes everything added so far durable
 * together with the journal position it covers, and {@link #committedPosition()} tells where replay starts after a
 * restart; records replayed from there are added with {@code replace = true}.
 */
public interface ProcessIndex extends MetadataLookup, AutoCloseable {

    /** Indexes segments (thread-safe). {@code replace}: overwrite segments with the same unique id. */
    void add(List<ProcessSegment> segments, boolean replace);

    /** Makes everything added so far durable, recording the journal position it covers. */
    void commit(long journalPosition);

    long committedPosition();

    /** Whether the index can take and serve segments now (for the health check; cheap, never blocks). */
    boolean healthy();

    /** The newest receipt time of any segment added or committed: receipt times handed out later must be newer. */
    long maxServerTime();

    /** Makes everything added so far searchable now (normally it happens within the refresh interval). */
    void refresh();

    /**
     * A page of segments matching a query.
     *
     * @throws io.lampblack.server.search.query.QuerySyntaxException a query the index cannot evaluate
     * @throws io.lampblack.server.problem.InvalidInput              a sort or facet on a field that cannot have one
     */
    ProcessResults search(ProcessQuery query);

    /** How many sensors ran a process with this MD5, out of how many (cbapi's binary frequency). */
    ProcessFrequency frequency(String md5);

    /** As {@link #frequency(String)}, counting only the segments of the sensors in scope. */
    ProcessFrequency frequency(String md5, SensorScope sensors);

    /** Every segment of a process, oldest first. */
    List<StoredSegment> segments(String guid);

    /** Distinct GUIDs of processes whose parent is {@code parentGuid}, at most {@code limit}. */
    List<String> childrenOf(String parentGuid, int limit);

    /** Live segment documents in the mounted partitions. */
    long documentCount();

    /** The storage partitions: listing, roll, mount, unmount, delete, retention. */
    StoragePartitions storage();

    @Override
    void close();
}
