/**
 * Time partitions of the Lucene process index, following the server clock.
 *
 * <p>In: documents and commits for the hot partition (under a lock a roll takes exclusively), roll requests with the
 * journal position the hot partition covers, mount/unmount/delete by name, the retention policy
 * ({@link io.lampblack.server.search.PartitionPolicy}) and the server clock, and searches' partition filters
 * ({@link io.lampblack.server.search.PartitionFilter}: server-time and sensor-time windows).
 *
 * <p>Out: leases of the readers of every mounted partition a filter may match, as one searcher whose slices (never
 * spanning two partitions) run in parallel; the partition listing with sizes and counts
 * ({@link io.lampblack.server.search.PartitionInfo}); the committed journal position and newest receipt time after a
 * restart; and {@code partitions.json}, the catalogue whose atomic replacement is the moment each roll, mount,
 * unmount or delete happens. Partition directories are named by id and never renamed; rolled partitions are
 * read-only, so their counts and time ranges are recorded once in the catalogue.
 */
package io.lampblack.server.lucene.partition;
