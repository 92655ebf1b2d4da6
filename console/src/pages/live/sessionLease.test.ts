import type { LrSession } from "../../api/live";
import { SessionLeases } from "./sessionLease";

const session = (id: number, sensor_id: number, status: LrSession["status"] = "pending"): LrSession => ({
  id,
  sensor_id,
  status,
  supported_commands: [],
  drives: [],
  current_working_directory: "",
  hostname: `host-${sensor_id}`,
  address: "10.0.0.1",
  os_version: "Linux",
  session_timeout: 300,
  sensor_wait_timeout: 120,
  check_in_timeout: 1200,
  storage_size: "0",
  storage_ttl: 7,
  create_time: 0,
});

function fakeServer(open: LrSession[] = []) {
  const calls: string[] = [];
  let next = 100;
  return {
    calls,
    api: {
      openSessions: async () => {
        calls.push("list");
        return open;
      },
      open: async (sensorId: number) => {
        calls.push(`open ${sensorId}`);
        return open.find((s) => s.sensor_id === sensorId) ?? session(next++, sensorId);
      },
      close: async (s: LrSession) => {
        calls.push(`close ${s.id}`);
      },
    },
  };
}

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("session leases", () => {
  it("create a session when the sensor has none, and close it after the last holder left", async () => {
    const server = fakeServer();
    const leases = new SessionLeases(server.api, 20);
    const [a, b] = await Promise.all([leases.acquire(6), leases.acquire(6)]);
    expect(a).toBe(b);
    expect(a).toEqual({ session: session(100, 6), opened: true });
    expect(leases.openedSessions().map((s) => s.id)).toEqual([100]);
    leases.release(6);
    await later(40);
    expect(server.calls).toEqual(["list", "open 6"]);
    leases.release(6);
    await later(40);
    expect(server.calls).toEqual(["list", "open 6", "close 100"]);
    expect(leases.openedSessions()).toEqual([]);
  });

  it("keep the session when it is taken again before the close (a remount)", async () => {
    const server = fakeServer();
    const leases = new SessionLeases(server.api, 30);
    await leases.acquire(6);
    leases.release(6);
    await later(5);
    const again = await leases.acquire(6);
    await later(60);
    expect(again.session.id).toBe(100);
    expect(server.calls).toEqual(["list", "open 6"]);
  });

  it("join a session that was open already and leave it open", async () => {
    const server = fakeServer([session(5, 7, "active")]);
    const leases = new SessionLeases(server.api, 10);
    const lease = await leases.acquire(7);
    expect(lease).toEqual({ session: session(5, 7, "active"), opened: false });
    leases.release(7);
    await later(30);
    expect(server.calls).toEqual(["list", "open 7"]);
    expect(leases.openedSessions()).toEqual([]);
  });

  it("close at once when asked, even a joined session, and open a new one next time", async () => {
    const server = fakeServer([session(5, 7, "active")]);
    const leases = new SessionLeases(server.api, 10);
    await leases.acquire(7);
    await leases.closeNow(7);
    expect(server.calls).toEqual(["list", "open 7", "close 5"]);
    leases.release(7);
    await later(30);
    expect(server.calls).toHaveLength(3);
  });

  it("forget an ended session, so the next terminal opens another", async () => {
    const server = fakeServer();
    const leases = new SessionLeases(server.api, 10);
    await leases.acquire(6);
    leases.forget(6);
    const next = await leases.acquire(6);
    expect(next.session.id).toBe(101);
  });

  it("try again after a failed open", async () => {
    const server = fakeServer();
    let fail = true;
    const leases = new SessionLeases(
      {
        ...server.api,
        open: async (id: number) => {
          if (fail) throw new Error("409 cblr_not_supported");
          return server.api.open(id);
        },
      },
      10,
    );
    await expect(leases.acquire(6)).rejects.toThrow("cblr_not_supported");
    await later(0);
    fail = false;
    await expect(leases.acquire(6)).resolves.toMatchObject({ opened: true });
  });

  it("close every session this page created at logout, at once, and hold nothing after", async () => {
    const server = fakeServer([session(7, 8, "active")]);
    const leases = new SessionLeases(server.api, 20);
    await leases.acquire(6); // created: 100
    await leases.acquire(8); // joined: 7, someone else's
    await leases.acquire(9); // created: 101, left a moment ago (its close is waiting)
    leases.release(9);
    await leases.closeOpened();
    expect(server.calls.filter((c) => c.startsWith("close")).sort()).toEqual(["close 100", "close 101"]);
    expect(leases.openedSessions()).toEqual([]);
    leases.release(6);
    await later(40);
    expect(server.calls.filter((c) => c.startsWith("close"))).toHaveLength(2);
  });
});
