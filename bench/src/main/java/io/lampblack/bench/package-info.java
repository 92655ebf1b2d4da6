/**
 * Benchmarks as code ({@code ./lampblack bench}); design convention 10.
 *
 * <p>In: the benchmark name and its options (for ingest: events, sensors, events per upload, connections, indexing
 * threads). The ingest benchmark starts a server, runs simulated sensors in a separate JVM
 * ({@link io.lampblack.bench.LoadGenerator}) that upload pre-encoded event logs over HTTPS, and in the same run
 * measures the in-process ceiling (decode, assemble and index without HTTP or journal). Out: fixed output, one line
 * per figure (events per second, server CPU per million events, upload latency, peak heap, failures), including the
 * ratio of end-to-end ingest to the ceiling measured in the same run.
 */
package io.lampblack.bench;
