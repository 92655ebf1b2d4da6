/**
 * Synthetic sensors for demos, tests and the ingest benchmark.
 *
 * <p>In: a seed, a number of sensors, and either a target rate (events per second, paced) or pre-encoded uploads
 * and a number of concurrent connections (load generation). Out: deterministic Windows-like event logs whose event
 * mix and repetition follow the captured corpus ({@link io.lampblack.sensor.simulate.SyntheticHost}), registered
 * sensors that check in and upload them ({@link io.lampblack.sensor.simulate.Simulator}), and the totals of a run:
 * uploads, events, failures, elapsed time and per-upload latencies. With live response on, the sensors also hold the
 * live-response poll ({@link io.lampblack.sensor.simulate.LiveResponsePolls}) and answer every command of the
 * catalogue from a plausible disk, registry and process list of their host
 * ({@link io.lampblack.sensor.simulate.SimulatedLiveResponse}).
 */
package io.lampblack.sensor.simulate;
