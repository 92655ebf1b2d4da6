import {
  applyRequested,
  formatDuration,
  isolationLabel,
  isolationPending,
  isolationState,
  networkAdapters,
  sensorChangeBody,
} from "./sensors";
import { sensorDoc } from "../pages/sensors/testSupport";

describe("the sensor change body", () => {
  const s = sensorDoc(6, { notes: "front desk", group_id: 2, restart_queued: false });

  it("holds only the field the change is about, never values read earlier", () => {
    expect(sensorChangeBody({ kind: "isolate" })).toEqual({ network_isolation_enabled: true });
    expect(sensorChangeBody({ kind: "unisolate" })).toEqual({ network_isolation_enabled: false });
    expect(sensorChangeBody({ kind: "restart" })).toEqual({ restart_queued: true });
    expect(sensorChangeBody({ kind: "move", groupId: 7 })).toEqual({ group_id: 7 });
  });

  it("asks a flush in the RFC 822 form cbapi sends", () => {
    const body = sensorChangeBody({ kind: "flush", until: new Date(Date.UTC(2019, 1, 5, 10, 0, 0)) });
    expect(body).toEqual({ event_log_flush_time: "Tue, 05 Feb 2019 10:00:00 GMT" });
  });

  it("reads as requested once the server took it", () => {
    const after = applyRequested(s, { kind: "isolate" });
    expect(isolationState(after)).toBe("isolating");
    expect(isolationLabel[isolationState(after)]).toBe("Isolating…");
  });
});

describe("isolation", () => {
  it("is pending until the sensor confirms", () => {
    expect(isolationState({ network_isolation_enabled: false, is_isolating: false })).toBe("none");
    expect(isolationState({ network_isolation_enabled: true, is_isolating: false })).toBe("isolating");
    expect(isolationState({ network_isolation_enabled: true, is_isolating: true })).toBe("isolated");
    expect(isolationState({ network_isolation_enabled: false, is_isolating: true })).toBe("releasing");
    expect(isolationPending({ network_isolation_enabled: true, is_isolating: false })).toBe(true);
    expect(isolationPending({ network_isolation_enabled: true, is_isolating: true })).toBe(false);
  });
});

describe("sensor facts", () => {
  it("reads network adapters", () => {
    expect(networkAdapters("fd00:0:0:0:0:0:0:2,02fc00000001|192.0.2.2,02fc00000001|")).toEqual([
      { ip: "fd00:0:0:0:0:0:0:2", mac: "02:fc:00:00:00:01" },
      { ip: "192.0.2.2", mac: "02:fc:00:00:00:01" },
    ]);
    expect(networkAdapters("")).toEqual([]);
    expect(networkAdapters("10.1.2.3|")).toEqual([{ ip: "10.1.2.3", mac: "" }]);
  });

  it("says durations the way people read them", () => {
    expect(formatDuration("3825")).toBe("1 h 3 min");
    expect(formatDuration(40)).toBe("40 s");
    expect(formatDuration(90000)).toBe("1 d 1 h");
    expect(formatDuration("")).toBe("—");
  });
});
