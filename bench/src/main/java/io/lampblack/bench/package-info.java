/**
 * Benchmarks as code ({@code ./lampblack bench}); design convention 10.
 *
 * <p>In: the benchmark name and its options (for ingest: events, sensors, events per upload, connections, indexing
 * threads; for query: events, iterations, a data directory to reuse). The ingest benchmark starts a server, runs
 * simulated sensors in a separate JVM ({@link io.lampblack.bench.LoadGenerator}) that upload pre-encoded event logs
 * over HTTPS, and in the same run measures the in-process ceiling (decode, assemble and index without HTTP or
 * journal). The query benchmark ({@link io.lampblack.bench.QueryBench}) loads query-profile events over HTTPS, then
 * runs a fixed query mix ({@link io.lampblack.bench.QueryMix}) through the server's process search and, on the
 * same searcher, as hand-built Lucene queries ({@link io.lampblack.bench.HandBuilt}, its ceiling). Out: fixed
 * output, one line per figure, including the ratio to the ceiling measured in the same run; the query benchmark also
 * prints the hits of every query, {@code n/a (reason)} for features not there yet and a warning for every total
 * that differs from the hand-built one.
 */
package io.lampblack.bench;
