import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import LivePage from "./LivePage";
import { currentLocation, giveElementsASize, mockApi, renderRoutes, sessionOf, type Call } from "./testing";

// xterm.js needs a real browser; the terminal's host is replaced by one that records what is written.
const terminal = vi.hoisted(() => ({ written: "", listener: null as ((d: string) => void) | null }));
vi.mock("./xtermHost", () => ({
  createTerminal: () => ({
    write: (t: string) => (terminal.written += t),
    clear: () => undefined,
    cols: () => 100,
    focus: () => undefined,
    onData: (l: (d: string) => void) => (terminal.listener = l),
    dispose: () => undefined,
  }),
}));

const sensors = [
  { id: 6, computer_name: "SIM-WIN10-00000", status: "Online", supports_cblr: true, os_type: 1, group_id: 1, last_checkin_time: new Date().toISOString() },
  { id: 9, computer_name: "sim-lnx-00000", status: "Online", supports_cblr: true, os_type: 3, group_id: 2 },
  { id: 1, computer_name: "JASON-WIN81-VM", status: "Offline", supports_cblr: false, os_type: 1, group_id: 1 },
];
const lrSession = (id: number, sensor_id: number, status: string) => ({
  id,
  sensor_id,
  status,
  supported_commands: ["directory list", "process list", "get file"],
  drives: ["C:\\"],
  current_working_directory: "C:\\Windows\\system32",
  hostname: "SIM-WIN10-00000",
  create_time: 1796689768.3,
});
const command = (id: number, name: string, object: string | null, extra = {}) => ({
  id,
  session_id: 3,
  sensor_id: 6,
  name,
  object,
  status: "complete",
  username: "analyst",
  create_time: 1796689771.7,
  completion: 1796689771.8,
  ...extra,
});

const routes = [
  { path: "/live", element: <LivePage /> },
  { path: "/live/:sensorId", element: <LivePage /> },
];

/** Administrator of group 1, Viewer of group 2. */
const groupAdmin = sessionOf({
  global_admin: false,
  group_roles: [
    { group_id: 1, group_name: "Default Group", role: "Administrator" },
    { group_id: 2, group_name: "Servers", role: "Viewer" },
  ],
});

let restoreLayout: () => void;
beforeAll(() => (restoreLayout = giveElementsASize()));
afterAll(() => restoreLayout());

afterEach(() => {
  vi.unstubAllGlobals();
  terminal.written = "";
  terminal.listener = null;
});

describe("the live-response list", () => {
  it("shows the open sessions with their commands, and Go live only where the user administers the group", async () => {
    const api = mockApi(groupAdmin, {
      "GET /api/v1/sensor": sensors,
      "GET /api/v3/group": [{ id: 1, name: "Default Group" }, { id: 2, name: "Servers" }],
      "GET /api/v1/cblr/session": [lrSession(3, 6, "active")],
      "GET /api/v1/cblr/session/3/command": [command(1, "directory list", "C:\\"), command(2, "process list", null, { processes: [{ pid: 4 }] })],
    });
    renderRoutes("/live", routes);

    const sessionsTable = await screen.findByRole("table", { name: "Live-response sessions" });
    const row = await within(sessionsTable).findByRole("row", { name: /SIM-WIN10-00000/ });
    expect(within(row).getByRole("link", { name: "SIM-WIN10-00000" })).toHaveAttribute("href", "/sensors/6");
    expect(within(row).getByText("active")).toBeInTheDocument();
    await waitFor(() => expect(within(row).getAllByRole("cell")[5]).toHaveTextContent("2"));
    expect(within(row).getByRole("link", { name: "Open terminal" })).toHaveAttribute("href", "/live/6");
    expect(api.calls.find((c) => c.path === "/api/v1/cblr/session")?.query.get("active_only")).toBe("true");

    const sensorTable = screen.getByRole("table", { name: "Sensors that take live-response sessions" });
    await within(sensorTable).findByText("sim-lnx-00000");
    expect(within(sensorTable).getByRole("link", { name: "Go live on SIM-WIN10-00000" })).toHaveAttribute("href", "/live/6");
    expect(within(sensorTable).queryByRole("link", { name: "Go live on sim-lnx-00000" })).toBeNull();
    expect(within(sensorTable).getByText("needs the Administrator role")).toBeInTheDocument();
    expect(within(within(sensorTable).getByRole("row", { name: /sim-lnx-00000/ })).getByText("Servers")).toBeInTheDocument();
    expect(within(sensorTable).queryByText("JASON-WIN81-VM")).toBeNull();
  });

  it("offers a session's commands only to an administrator of its sensor's group, and reads none for others", async () => {
    const api = mockApi(groupAdmin, {
      "GET /api/v1/sensor": sensors,
      "GET /api/v1/cblr/session": [lrSession(3, 6, "active"), lrSession(4, 9, "active")],
      "GET /api/v1/cblr/session/3/command": [command(1, "directory list", "C:\\")],
    });
    renderRoutes("/live?session=4", routes);
    const sessionsTable = await screen.findByRole("table", { name: "Live-response sessions" });
    const mine = await within(sessionsTable).findByRole("row", { name: /SIM-WIN10-00000/ });
    const theirs = await within(sessionsTable).findByRole("row", { name: /sim-lnx-00000/ });
    expect(within(mine).getByRole("button", { name: "Commands" })).toBeInTheDocument();
    expect(within(theirs).queryByRole("button", { name: "Commands" })).toBeNull();
    expect(within(theirs).queryByRole("link", { name: "Open terminal" })).toBeNull();
    expect(within(theirs).getByText("needs the Administrator role")).toBeInTheDocument();
    // Even named in the URL, the other group's session shows no history and its commands are not asked for.
    expect(screen.queryByRole("table", { name: /Commands issued in live-response session 4/ })).toBeNull();
    await waitFor(() => expect(api.calls.some((c) => c.path === "/api/v1/cblr/session/3/command")).toBe(true));
    expect(api.calls.some((c) => c.path === "/api/v1/cblr/session/4/command")).toBe(false);
  });

  it("keeps the chosen session's commands and the ended-sessions switch in the URL", async () => {
    const api = mockApi(groupAdmin, {
      "GET /api/v1/sensor": sensors,
      "GET /api/v1/cblr/session": (c: Call) => (c.query.get("active_only") ? [] : [lrSession(2, 6, "close")]),
      "GET /api/v1/cblr/session/2/command": [command(1, "directory list", "C:\\Windows\\", { files: [{}, {}, {}] })],
    });
    renderRoutes("/live?all=1", routes);
    const sessionsTable = await screen.findByRole("table", { name: "Live-response sessions" });
    const row = await within(sessionsTable).findByRole("row", { name: /SIM-WIN10-00000/ });
    expect(within(row).getByText("close")).toBeInTheDocument();
    expect(within(row).queryByRole("link", { name: "Open terminal" })).toBeNull();
    fireEvent.click(within(row).getByRole("button", { name: "Commands" }));
    expect(currentLocation).toBe("/live?all=1&session=2");
    const history = await screen.findByRole("table", { name: "Commands issued in live-response session 2" });
    expect(await within(history).findByText("directory list C:\\Windows\\")).toBeInTheDocument();
    expect(within(history).getByText("3 entries")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("checkbox", { name: "Show ended sessions" }));
    expect(currentLocation).toBe("/live?session=2");
    await waitFor(() => expect(api.calls.some((c) => c.path === "/api/v1/cblr/session" && c.query.get("active_only") === "true")).toBe(true));
  });
});

describe("the terminal page", () => {
  it("is not offered to a Viewer of the sensor's group, and opens no session", async () => {
    const api = mockApi(groupAdmin, { "GET /api/v1/sensor/9": sensors[1] });
    renderRoutes("/live/9", routes);
    expect(await screen.findByText(/needs the Administrator role in this sensor's group/)).toBeInTheDocument();
    expect(api.calls.some((c) => c.path.startsWith("/api/v1/cblr"))).toBe(false);
  });

  it("says so for a sensor without live response", async () => {
    mockApi(groupAdmin, { "GET /api/v1/sensor/1": sensors[2] });
    renderRoutes("/live/1", routes);
    expect(await screen.findByText(/does not take live-response sessions/)).toBeInTheDocument();
  });

  it("opens a session, waits for it, runs a command in the terminal and closes the session on leaving", async () => {
    let polls = 0;
    let commands: unknown[] = [];
    const api = mockApi(groupAdmin, {
      "GET /api/v1/sensor/6": sensors[0],
      "GET /api/v1/cblr/session": [],
      "POST /api/v1/cblr/session": lrSession(12, 6, "pending"),
      "GET /api/v1/cblr/session/12": () => lrSession(12, 6, ++polls < 2 ? "pending" : "active"),
      "GET /api/v1/cblr/session/12/command": () => commands,
      "POST /api/v1/cblr/session/12/command": (c: Call) => command(1, "directory list", (c.body as { object: string }).object, { status: "pending", session_id: 12 }),
      "GET /api/v1/cblr/session/12/command/1": () => {
        commands = [command(1, "directory list", "C:\\Windows\\system32\\", { session_id: 12, files: [{ filename: "drivers", attributes: ["DIRECTORY"], size: 0 }] })];
        return commands[0];
      },
      "PUT /api/v1/cblr/session/12": lrSession(12, 6, "close"),
    });
    const view = renderRoutes("/live/6", routes);
    expect(await screen.findByText(/Session 12 is waiting for SIM-WIN10-00000/)).toBeInTheDocument();
    expect(await screen.findByText(/You opened it/, {}, { timeout: 4000 })).toBeInTheDocument();
    expect(api.calls.find((c) => c.method === "POST" && c.path === "/api/v1/cblr/session")?.body).toEqual({ sensor_id: 6 });
    await waitFor(() => expect(terminal.listener).not.toBeNull());
    expect(terminal.written).toContain("Live response");

    act(() => terminal.listener!("ls\r"));
    await waitFor(() => expect(terminal.written).toContain("drivers"));
    const post = api.calls.find((c) => c.method === "POST" && c.path === "/api/v1/cblr/session/12/command");
    expect(post?.body).toEqual({ name: "directory list", object: "C:\\Windows\\system32\\", session_id: 12 });
    expect(api.calls.find((c) => c.path === "/api/v1/cblr/session/12/command/1")?.query.get("wait")).toBe("true");
    const history = screen.getByRole("table", { name: "Commands issued in live-response session 12" });
    expect(await within(history).findByText("1 entries")).toBeInTheDocument();

    view.unmount();
    await waitFor(() => expect(api.calls.some((c) => c.method === "PUT" && c.path === "/api/v1/cblr/session/12")).toBe(true), {
      timeout: 3000,
    });
    const close = api.calls.find((c) => c.method === "PUT" && c.path === "/api/v1/cblr/session/12");
    expect(close?.body).toMatchObject({ id: 12, status: "close" });
  });
});
