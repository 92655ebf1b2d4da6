import { applySensorFilters, filterAndSort, parseSensorFilters, summarize } from "./sensorFilters";
import { sensorDoc } from "./testSupport";

const sensors = [
  sensorDoc(1, { computer_name: "JASON-WIN81-VM", status: "Offline", network_adapters: "" }),
  sensorDoc(5, { computer_name: "vm", os_type: 3, network_adapters: "192.0.2.2,02fc00000001|", group_id: 2 }),
  sensorDoc(6, { computer_name: "SIM-WIN10-00000", network_isolation_enabled: true, is_isolating: false }),
  sensorDoc(9, { computer_name: "sim-lnx-00000", os_type: 3, network_isolation_enabled: true, is_isolating: true, last_checkin_time: "2026-12-08 00:10:00.000000+00:00" }),
];
const names = (list: { computer_name: string }[]) => list.map((s) => s.computer_name);

describe("sensor filters in the URL", () => {
  it("default to everything, by hostname", () => {
    const f = parseSensorFilters(new URLSearchParams(""));
    expect(f).toEqual({ status: "", isolation: "", group: null, text: "", sort: "computer_name", desc: false });
    expect(applySensorFilters(new URLSearchParams("tab=sensors"), f).toString()).toBe("tab=sensors");
  });

  it("survive a round trip and ignore what they do not know", () => {
    const p = new URLSearchParams("status=offline&isolation=pending&group=2&q=web&sort=last_checkin_time:desc");
    const f = parseSensorFilters(p);
    expect(f).toEqual({ status: "offline", isolation: "pending", group: 2, text: "web", sort: "last_checkin_time", desc: true });
    expect(parseSensorFilters(applySensorFilters(new URLSearchParams(), f))).toEqual(f);
    expect(parseSensorFilters(new URLSearchParams("status=bogus&group=x&sort=nope:desc"))).toMatchObject({ status: "", group: null, sort: "computer_name" });
  });
});

describe("filtering and sorting sensors", () => {
  const base = parseSensorFilters(new URLSearchParams());

  it("matches hostnames without regard to case, and IP addresses", () => {
    expect(names(filterAndSort(sensors, { ...base, text: "sim" }))).toEqual(["sim-lnx-00000", "SIM-WIN10-00000"]);
    expect(names(filterAndSort(sensors, { ...base, text: "192.0.2" }))).toEqual(["vm"]);
    expect(names(filterAndSort(sensors, { ...base, text: "host-6.example" }))).toEqual(["SIM-WIN10-00000"]);
  });

  it("by status, group and isolation", () => {
    expect(names(filterAndSort(sensors, { ...base, status: "offline" }))).toEqual(["JASON-WIN81-VM"]);
    expect(names(filterAndSort(sensors, { ...base, group: 2 }))).toEqual(["vm"]);
    expect(names(filterAndSort(sensors, { ...base, isolation: "pending" }))).toEqual(["SIM-WIN10-00000"]);
    expect(names(filterAndSort(sensors, { ...base, isolation: "isolated" }))).toEqual(["sim-lnx-00000"]);
    expect(names(filterAndSort(sensors, { ...base, isolation: "none" }))).toEqual(["JASON-WIN81-VM", "vm"]);
  });

  it("sorts by the chosen column, either way", () => {
    expect(names(filterAndSort(sensors, base))).toEqual(["JASON-WIN81-VM", "sim-lnx-00000", "SIM-WIN10-00000", "vm"]);
    expect(names(filterAndSort(sensors, { ...base, sort: "last_checkin_time", desc: false }))[0]).toBe("sim-lnx-00000");
    expect(names(filterAndSort(sensors, { ...base, sort: "id", desc: true }))).toEqual(["sim-lnx-00000", "SIM-WIN10-00000", "vm", "JASON-WIN81-VM"]);
  });

  it("counts what the summary says", () => {
    expect(summarize(sensors)).toEqual({ total: 4, online: 3, offline: 1, isolated: 1, pending: 1 });
  });
});
