/**
 * Synthetic sensors for demos, tests and the ingest benchmark.
 *
 * <p>In: a seed, a number of sensors, and either a target rate (events per second, paced) or pre-encoded uploads
 * and a number of concurrent connections (load generation). Out: deterministic Windows-like event logs whose event
 * mix and repetition follow the captured corpus ({@link io.lampblack.sensor.simulate.SyntheticHost}), registered
 * sensors that check in and upload them ({@link io.lampblack.sensor.simulate.Simulator}), and the totals of a run:
 * uploads, events, failures, elapsed time and per-upload latencies.
 */
package io.lampblack.sensor.simulate;
