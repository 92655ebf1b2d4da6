import { screen, within, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import SensorPage from "./SensorPage";
import { fakeServer, giveElementsASize, polyfillDialog, renderAt, sensorDoc, session, type Call } from "./testSupport";
import type { Sensor } from "../../api/sensors";

giveElementsASize();
polyfillDialog();

const groups = [
  { id: 1, name: "Default Group", site_id: 1, sensorbackend_server: "", number_of_hosts: 3, alert_criticality: 3 },
  { id: 2, name: "Servers", site_id: 1, sensorbackend_server: "", number_of_hosts: 1, alert_criticality: 3 },
];

/** A sensor the fake server keeps: a PUT stores the request, `confirm()` plays the sensor's check-in. */
function sensorServer(who = session(), start: Partial<Sensor> = {}) {
  let doc = sensorDoc(6, {
    computer_name: "SIM-WIN10-00000",
    network_adapters: "10.0.0.0,00505600aaa5|",
    build_version_string: "sim-1.0",
    ...start,
  });
  const puts: Call[] = [];
  const server = fakeServer(who, (call) => {
    const { method, url } = call;
    if (url.pathname === "/api/v1/sensor/6") {
      if (method === "GET") return { body: doc };
      if (method === "PUT") {
        puts.push(call);
        // As the server does: a field left out keeps its value.
        const b = call.body as Partial<Sensor>;
        doc = {
          ...doc,
          network_isolation_enabled: b.network_isolation_enabled ?? doc.network_isolation_enabled,
          restart_queued: b.restart_queued ?? doc.restart_queued,
          group_id: b.group_id ?? doc.group_id,
        };
        return { status: 204 };
      }
    }
    if (url.pathname === "/api/v1/sensor/6/queued")
      return { body: [{ sensor_id: 6, timestamp: null, num_eventlogs: 3, num_eventlog_bytes: 2048, num_storefiles: 0, num_storefile_bytes: 0 }] };
    if (url.pathname === "/api/v1/sensor/6/activity")
      return { body: [{ id: 4, sensor_id: 6, action: "isolate", status: "applied", message: "", requested: "2026-12-08 00:30:00.000000+00:00", completed: null }] };
    if (url.pathname === "/api/group") return { body: groups };
    return undefined;
  });
  return {
    ...server,
    puts,
    confirm: () => {
      doc = { ...doc, is_isolating: doc.network_isolation_enabled, restart_queued: false };
    },
    /** Another analyst changes the sensor (cbapi, another tab): this page's copy is out of date. */
    changeElsewhere: (change: Partial<Sensor>) => {
      doc = { ...doc, ...change };
    },
    current: () => doc,
  };
}

describe("a sensor's page", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the sensor's facts and links to its processes and live response", async () => {
    sensorServer();
    renderAt("/sensors/6", "/sensors/:id", <SensorPage />);
    expect(await screen.findByRole("heading", { level: 1, name: "SIM-WIN10-00000" })).toBeInTheDocument();
    expect(screen.getByText("10.0.0.0")).toBeInTheDocument();
    expect(screen.getByText("(00:50:56:00:aa:a5)")).toBeInTheDocument();
    expect(screen.getByText("Windows · Windows 10 Enterprise")).toBeInTheDocument();
    expect(screen.getByText("sim-1.0")).toBeInTheDocument();
    expect(screen.getByText("1 h 3 min")).toBeInTheDocument();
    expect(await screen.findByText("3 event logs (2.0 KiB), 0 files (0 B)")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Processes" })).toHaveAttribute("href", "/search?q=sensor_id:6");
    expect(screen.getByRole("link", { name: "Live response" })).toHaveAttribute("href", "/live/6");
    expect(screen.getByRole("link", { name: "Default Group" })).toHaveAttribute("href", "/sensors?group=1");
    const activity = await screen.findByRole("table", { name: /Actions sent to the sensor/ });
    expect(within(activity).getByText("isolate")).toBeInTheDocument();
  });

  it("isolates after confirmation, shows Isolating… until the sensor confirms, then Isolated", async () => {
    const srv = sensorServer();
    renderAt("/sensors/6", "/sensors/:id", <SensorPage />);
    const status = await screen.findByTestId("isolation-status");
    expect(status).toHaveTextContent("Not isolated");

    await userEvent.click(screen.getByRole("button", { name: "Isolate host" }));
    const dialog = screen.getByRole("dialog", { name: "Isolate SIM-WIN10-00000?" });
    expect(srv.puts).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole("button", { name: "Isolate" }));

    await waitFor(() => expect(status).toHaveTextContent("Isolating…"));
    expect(srv.puts).toHaveLength(1);
    expect(srv.puts[0].headers["X-CSRF-Token"]).toBe("csrf-1");
    expect(srv.puts[0].body).toEqual({ network_isolation_enabled: true });
    expect(screen.getByRole("button", { name: "Release isolation" })).toBeInTheDocument();

    // The sensor checks in; the page, polling every 2 s while pending, sees it.
    srv.confirm();
    await waitFor(() => expect(status).toHaveTextContent(/^Network isolation: Isolated$/), { timeout: 5000 });
  }, 10_000);

  it("restarts, flushes and moves through the same PUT", async () => {
    const srv = sensorServer();
    renderAt("/sensors/6", "/sensors/:id", <SensorPage />);
    await screen.findByRole("heading", { level: 1, name: "SIM-WIN10-00000" });

    await userEvent.click(screen.getByRole("button", { name: "Restart sensor" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Restart sensor" }));
    await screen.findByText("Restart queued.");
    expect((srv.puts[0].body as Sensor).restart_queued).toBe(true);
    expect(await screen.findByText("Restart queued", { selector: ".badge" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Flush events" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Flush events" }));
    await screen.findByText("Event flush requested.");
    const flush = (srv.puts[1].body as { event_log_flush_time: string }).event_log_flush_time;
    expect(flush).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(flush) - Date.now()).toBeGreaterThan(23 * 3600_000);

    await userEvent.selectOptions(screen.getByLabelText("Move to group"), "Servers");
    await userEvent.click(screen.getByRole("button", { name: "Move" }));
    await userEvent.click(within(screen.getByRole("dialog", { name: "Move SIM-WIN10-00000 to Servers?" })).getByRole("button", { name: "Move" }));
    await screen.findByText("Moved to Servers.");
    expect((srv.puts[2].body as Sensor).group_id).toBe(2);
  });

  it("cannot undo, from a page read earlier, what another analyst did since", async () => {
    const srv = sensorServer();
    renderAt("/sensors/6", "/sensors/:id", <SensorPage />);
    await screen.findByRole("heading", { level: 1, name: "SIM-WIN10-00000" });
    expect(screen.getByTestId("isolation-status")).toHaveTextContent("Not isolated");
    srv.changeElsewhere({ network_isolation_enabled: true, is_isolating: true, group_id: 2 });

    await userEvent.click(screen.getByRole("button", { name: "Restart sensor" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Restart sensor" }));
    await screen.findByText("Restart queued.");
    expect(srv.puts.map((p) => p.body)).toEqual([{ restart_queued: true }]);
    expect(srv.current()).toMatchObject({ network_isolation_enabled: true, group_id: 2, restart_queued: true });
  });

  it("sends nothing when the analyst cancels", async () => {
    const srv = sensorServer();
    renderAt("/sensors/6", "/sensors/:id", <SensorPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Isolate host" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));
    expect(srv.puts).toHaveLength(0);
    expect(screen.getByTestId("isolation-status")).toHaveTextContent("Not isolated");
  });

  it("offers a Viewer of the sensor's group no action", async () => {
    sensorServer(session({ global_admin: false, group_roles: [{ group_id: 1, group_name: "Default Group", role: "Viewer" }] }));
    renderAt("/sensors/6", "/sensors/:id", <SensorPage />);
    await screen.findByRole("heading", { level: 1, name: "SIM-WIN10-00000" });
    expect(screen.getByRole("link", { name: "Processes" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Live response" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Isolate host" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Restart sensor" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Actions" })).toBeNull();
  });

  it("offers to move only to groups the user administers", async () => {
    sensorServer(
      session({
        global_admin: false,
        group_roles: [
          { group_id: 1, group_name: "Default Group", role: "Administrator" },
          { group_id: 2, group_name: "Servers", role: "Viewer" },
        ],
      }),
    );
    renderAt("/sensors/6", "/sensors/:id", <SensorPage />);
    await screen.findByRole("button", { name: "Isolate host" });
    expect(screen.queryByLabelText("Move to group")).toBeNull();
  });

  it("says so when there is no such sensor", async () => {
    fakeServer(session(), ({ url }) => (url.pathname === "/api/group" ? { body: groups } : undefined));
    renderAt("/sensors/99", "/sensors/:id", <SensorPage />);
    expect(await screen.findByRole("alert")).toHaveTextContent("not found");
  });
});
