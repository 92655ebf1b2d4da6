import { FAST_POLL_MS, NORMAL_POLL_MS, forgetSensorChanges, noteSensorChange, sensorPollInterval } from "./sensorPolling";

const sensor = (id: number, asked: boolean, confirmed: boolean) => ({ id, network_isolation_enabled: asked, is_isolating: confirmed });
const T0 = Date.parse("2026-12-08T10:00:00Z");

afterEach(forgetSensorChanges);

describe("how often sensors are looked at", () => {
  it("fast only while a sensor this page changed has not confirmed it", () => {
    noteSensorChange(6, T0);
    expect(sensorPollInterval([sensor(5, false, false), sensor(6, true, false)], NORMAL_POLL_MS, T0 + 1000)).toBe(FAST_POLL_MS);
    expect(sensorPollInterval([sensor(6, true, true)], NORMAL_POLL_MS, T0 + 1000)).toBe(NORMAL_POLL_MS);
    expect(sensorPollInterval([], NORMAL_POLL_MS, T0 + 1000)).toBe(NORMAL_POLL_MS);
  });

  it("at the normal pace for a change someone else made", () => {
    noteSensorChange(6, T0);
    expect(sensorPollInterval([sensor(7, true, false)], NORMAL_POLL_MS, T0 + 1000)).toBe(NORMAL_POLL_MS);
    expect(sensorPollInterval([sensor(7, true, false)], false, T0 + 1000)).toBe(false);
  });

  it("fast for three minutes after the change at most, even when the sensor never confirms", () => {
    noteSensorChange(6, T0);
    expect(sensorPollInterval([sensor(6, true, false)], NORMAL_POLL_MS, T0 + 179_000)).toBe(FAST_POLL_MS);
    expect(sensorPollInterval([sensor(6, true, false)], NORMAL_POLL_MS, T0 + 180_000)).toBe(NORMAL_POLL_MS);
    expect(sensorPollInterval([sensor(6, true, false)], NORMAL_POLL_MS, T0 + 24 * 3600_000)).toBe(NORMAL_POLL_MS);
    // A new change starts the few minutes again.
    noteSensorChange(6, T0 + 24 * 3600_000);
    expect(sensorPollInterval([sensor(6, true, false)], NORMAL_POLL_MS, T0 + 24 * 3600_000 + 1000)).toBe(FAST_POLL_MS);
  });
});
