import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ConsoleSession } from "../../api/session";
import AnalyzePage from "./AnalyzePage";
import { eventsDoc, guid, processDoc, SEGMENTS, summary } from "./fixtures";
import { fakeServer, giveElementsHeight, json, polyfillDialog, renderPage } from "./test-utils";

let restoreLayout: () => void;
beforeAll(() => polyfillDialog());
beforeEach(() => {
  restoreLayout = giveElementsHeight(800);
});
afterEach(() => restoreLayout());

const parent = processDoc({ id: guid(0x2bc), process_name: "services.exe", process_pid: 700 });
const focus = processDoc({
  id: guid(0x3a8),
  process_name: "svchost.exe",
  process_pid: 936,
  parent_id: parent.id,
  parent_name: "services.exe",
  parent_pid: 700,
  childproc_count: 14,
});
const child = processDoc({ id: guid(0x648), process_name: "taskhostex.exe", parent_id: focus.id });
const child2 = processDoc({ id: guid(0xa70), process_name: "taskeng.exe", parent_id: focus.id });
const sensor = {
  id: 2,
  computer_name: "WIN-OTEMNUTBS23",
  group_id: 1,
  status: "Online",
  supports_cblr: true,
  supports_isolation: true,
  network_isolation_enabled: false,
  is_isolating: false,
};

function server(session: Partial<ConsoleSession> = {}) {
  let sensorState = { ...sensor };
  const fake = fakeServer(session)
    .on("GET", `/api/v1/process/${focus.id}/0`, () => summary(focus, parent, [child, child2]))
    .on("GET", `/api/v1/process/${focus.id}/segment`, () => ({ process: { segments: [...SEGMENTS].reverse() } }))
    .on("GET", new RegExp(`^/api/v4/process/${focus.id}/\\d+/event$`), () => eventsDoc(focus))
    .on("GET", "/api/v1/process", () => ({
      results: [{ ...focus, watchlists: [{ wid: "7", value: "2015-11-16T18:20:00Z", segments_hit: [SEGMENTS[0].segment_id] }], alliance_score_abusech: 80 }],
      total_results: 1,
    }))
    .on("GET", "/api/v1/watchlist", () => [{ id: "7", name: "Suspicious service host" }])
    .on("GET", `/api/tagged_events/${focus.id}`, () => [
      { id: 3, investigation_id: 1, event_type: "netconn", unique_id: focus.unique_id, event_data: { description: "beacon" }, tagged_by_user_id: "analyst" },
    ])
    .on("GET", "/api/v1/sensor/2", () => sensorState)
    .on("PUT", "/api/v1/sensor/2", (_u, init) => {
      sensorState = { ...sensorState, ...JSON.parse(String(init.body)) };
      return new Response(null, { status: 204 });
    })
    .on("GET", new RegExp("^/api/v1/banning/blacklist/"), () => json(404, { reason: "not_found", message: "not banned" }));
  return Object.assign(fake, {
    /** The sensor's next check-in: it now enforces what was asked. */
    confirmIsolation: () => (sensorState = { ...sensorState, is_isolating: sensorState.network_isolation_enabled }),
    setSensor: (change: Partial<typeof sensor>) => (sensorState = { ...sensorState, ...change }),
  });
}

const routes = [
  { path: "/analyze/:guid", element: <AnalyzePage /> },
  { path: "/analyze/:guid/:segment", element: <AnalyzePage /> },
];
const location = () => screen.getByTestId("location").textContent;

describe("the process analysis page", () => {
  it("shows the process, its facts, its tree and the first segment's events", async () => {
    const s = server();
    renderPage(`/analyze/${focus.id}`, routes);
    expect(await screen.findByRole("heading", { level: 1, name: "svchost.exe" })).toBeInTheDocument();
    const facts = screen.getByRole("region", { name: "Facts" });
    expect(within(facts).getByRole("link", { name: "WIN-OTEMNUTBS23" })).toHaveAttribute("href", "/sensors/2");
    expect(within(facts).getByRole("link", { name: focus.process_md5 })).toHaveAttribute("href", `/binary/${focus.process_md5.toUpperCase()}`);
    expect(within(facts).getByRole("link", { name: "services.exe (pid 700)" })).toHaveAttribute("href", `/analyze/${parent.id}`);
    expect(within(facts).getByTestId("child-count")).toHaveTextContent("2");
    const tree = screen.getByRole("tree");
    expect(within(tree).getAllByRole("treeitem").map((t) => t.textContent)).toEqual([
      expect.stringContaining("services.exe"),
      expect.stringContaining("svchost.exe"),
      expect.stringContaining("taskhostex.exe"),
      expect.stringContaining("taskeng.exe"),
    ]);
    // No segment in the link: the first one (the server listed them newest first).
    await screen.findByText("TCP connection to 173.194.207.113:80 (redirector.gvt1.com) from 172.31.30.0:49385");
    expect(s.calls).toContain(`GET /api/v4/process/${focus.id}/${SEGMENTS[0].segment_id}/event`);
    expect(screen.getByText("Showing 7 of 7 events")).toBeInTheDocument();
    // The signature comes from the binary join; an md5 the server does not know is "unknown".
    expect(screen.getByText("Signed")).toBeInTheDocument();
    expect(screen.getByText("Signature unknown")).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Segment" })).toHaveValue(String(SEGMENTS[0].segment_id));
  });

  it("shows watchlist and feed hits and investigation tags", async () => {
    server();
    renderPage(`/analyze/${focus.id}`, routes);
    const hits = await screen.findByRole("region", { name: "Hits and tags" });
    expect(await within(hits).findByText("Suspicious service host")).toBeInTheDocument();
    expect(within(hits).getByText("abusech")).toBeInTheDocument();
    expect(within(hits).getByText("score 80")).toBeInTheDocument();
    expect(within(hits).getByText(/beacon/)).toBeInTheDocument();
  });

  it("keeps the event filters in the URL and restores them from it", async () => {
    server();
    renderPage(`/analyze/${focus.id}/${SEGMENTS[1].segment_id}?types=netconn,modload`, routes);
    await screen.findByText("Showing 3 of 7 events");
    expect(screen.getByRole("checkbox", { name: /Network/ })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: /Registry/ })).not.toBeChecked();
    const user = userEvent.setup();
    await user.click(screen.getByRole("checkbox", { name: /Network/ }));
    expect(location()).toBe(`/analyze/${focus.id}/${SEGMENTS[1].segment_id}?types=modload`);
    await screen.findByText("Showing 2 of 7 events");
    await user.type(screen.getByRole("searchbox", { name: "Search events" }), "tschannel");
    await screen.findByText("Showing 1 of 7 events");
    expect(location()).toContain("events=tschannel");
    await user.click(screen.getByRole("button", { name: "All types" }));
    expect(location()).toBe(`/analyze/${focus.id}/${SEGMENTS[1].segment_id}?events=tschannel`);
  });

  it("moves between segments with links that keep the filters", async () => {
    server();
    renderPage(`/analyze/${focus.id}/${SEGMENTS[0].segment_id}?types=netconn`, routes);
    const next = await screen.findByRole("link", { name: "Next segment ›" });
    expect(next).toHaveAttribute("href", `/analyze/${focus.id}/${SEGMENTS[1].segment_id}?types=netconn`);
    expect(screen.queryByRole("link", { name: "‹ Previous segment" })).toBeNull();
    fireEvent.change(screen.getByRole("combobox", { name: "Segment" }), { target: { value: "0" } });
    expect(location()).toBe(`/analyze/${focus.id}/0?types=netconn`);
    expect(await screen.findByText("whole process, 2 segments")).toBeInTheDocument();
  });

  it("reads a unique id in the link as the process and its segment", async () => {
    const s = server();
    renderPage(`/analyze/${focus.id}-${SEGMENTS[1].segment_id.toString(16).padStart(12, "0")}`, routes);
    await screen.findByText("Showing 7 of 7 events");
    expect(s.calls).toContain(`GET /api/v4/process/${focus.id}/${SEGMENTS[1].segment_id}/event`);
  });

  it("says so when the process does not exist", async () => {
    fakeServer().on("GET", new RegExp("^/api/v1/process/"), () => json(404, { reason: "not_found", message: "process not found" }));
    renderPage(`/analyze/${focus.id}`, routes);
    expect(await screen.findByRole("alert")).toHaveTextContent("process not found");
    renderPage(`/analyze/not-a-guid`, routes);
    expect(await screen.findByText("“not-a-guid” is not a process id.")).toHaveAttribute("role", "alert");
  });
});

describe("actions by role", () => {
  it("offers a global administrator isolation, live response and a ban", async () => {
    server({ global_admin: true });
    renderPage(`/analyze/${focus.id}`, routes);
    expect(await screen.findByRole("button", { name: "Isolate host" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go live" })).toHaveAttribute("href", "/live/2");
    expect(await screen.findByRole("button", { name: "Ban hash" })).toBeInTheDocument();
  });

  it("offers a group's administrator isolation and live response but no ban", async () => {
    server({ global_admin: false, group_roles: [{ group_id: 1, group_name: "Default Group", role: "Administrator" }] });
    renderPage(`/analyze/${focus.id}`, routes);
    expect(await screen.findByRole("button", { name: "Isolate host" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go live" })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Loading the process…")).toBeNull());
    expect(screen.queryByRole("button", { name: "Ban hash" })).toBeNull();
  });

  it("offers a viewer nothing that changes an endpoint", async () => {
    const s = server({ global_admin: false, group_roles: [{ group_id: 1, group_name: "Default Group", role: "Viewer" }] });
    renderPage(`/analyze/${focus.id}`, routes);
    await screen.findByRole("heading", { level: 1, name: "svchost.exe" });
    await waitFor(() => expect(s.calls).toContain("GET /api/v1/sensor/2"));
    await screen.findByText("Showing 7 of 7 events");
    expect(screen.queryByRole("button", { name: "Isolate host" })).toBeNull();
    expect(screen.queryByRole("link", { name: /Go live/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Ban hash" })).toBeNull();
  });

  it("isolates the host only after confirmation, and shows the state until the sensor confirms", async () => {
    const s = server();
    renderPage(`/analyze/${focus.id}`, routes);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Isolate host" }));
    const dialog = screen.getByRole("dialog", { name: "Isolate WIN-OTEMNUTBS23?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(s.calls.some((c) => c.startsWith("PUT"))).toBe(false);
    await user.click(screen.getByRole("button", { name: "Isolate host" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Isolate" }));
    await waitFor(() => expect(s.calls).toContain("PUT /api/v1/sensor/2"));
    expect(await screen.findByText("Isolating host…")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Isolate host" })).toBeNull();
    expect(screen.getByText(/Isolation of WIN-OTEMNUTBS23 requested/)).toBeInTheDocument();
    // The sensor confirms: the page, which keeps asking, says so.
    s.confirmIsolation();
    expect(await screen.findByText("Host isolated", {}, { timeout: 4000 })).toBeInTheDocument();
  });

  it("shows a release of isolation in progress, with nothing to click", async () => {
    const s = server();
    s.setSensor({ network_isolation_enabled: false, is_isolating: true });
    renderPage(`/analyze/${focus.id}`, routes);
    expect(await screen.findByText("Releasing isolation…")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Isolate host" })).toBeNull();
  });
});
