// How often the pages look at sensors again. Isolation (and its release) is confirmed by the sensor at its next
// check-in, so a page that asked for one looks every 2 s to show the confirmation quickly, but only for a few
// minutes: a sensor that is offline may not confirm for days, and the list is every sensor (up to 10,000) at once.
// A change someone else made is followed at the normal pace.

export const FAST_POLL_MS = 2_000;
export const NORMAL_POLL_MS = 30_000;
/** How long after this page asked for a change it looks fast. */
export const FAST_POLL_FOR_MS = 3 * 60_000;

/** When this page (this tab) last asked for a change of each sensor. */
const changedAt = new Map<number, number>();

/** This page asked the server to change the sensor (isolate, release, restart, move, flush). */
export function noteSensorChange(sensorId: number, now: number = Date.now()) {
  changedAt.set(sensorId, now);
}

/** Whether this page asked for a change of the sensor in the last few minutes. */
export function changedHereLately(sensorId: number, now: number = Date.now()): boolean {
  const t = changedAt.get(sensorId);
  return t !== undefined && now - t < FAST_POLL_FOR_MS;
}

/** Forgets every change (tests; and nothing else needs it). */
export function forgetSensorChanges() {
  changedAt.clear();
}

type Isolation = { id: number; network_isolation_enabled: boolean; is_isolating: boolean };

const pending = (s: Isolation) => s.network_isolation_enabled !== s.is_isolating;

/**
 * The pace for sensors being shown: fast while one this page changed lately awaits the sensor's confirmation,
 * else `normal` (false: no polling at all).
 */
export function sensorPollInterval(shown: Isolation[], normal: number | false = NORMAL_POLL_MS, now: number = Date.now()): number | false {
  return shown.some((s) => pending(s) && changedHereLately(s.id, now)) ? FAST_POLL_MS : normal;
}
