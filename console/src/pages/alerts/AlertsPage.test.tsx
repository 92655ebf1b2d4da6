import { screen, within, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import AlertsPage from "./AlertsPage";
import { fakeServer, giveElementsASize, renderAt, session, type Call } from "../sensors/testSupport";
import type { Alert } from "../../api/alerts";

giveElementsASize();

function alert(n: number, overrides: Partial<Alert> = {}): Alert {
  return {
    unique_id: `alert-${n}`,
    alert_type: "watchlist.hit.query.process",
    status: "Unresolved",
    report_score: 75,
    alert_severity: 50.625,
    created_time: "2026-12-08T00:32:11.020060943Z",
    feed_id: -1,
    feed_name: "My Watchlists",
    feed_rating: 3,
    watchlist_id: "2",
    watchlist_name: "Console alerts: svchost.exe",
    process_name: "svchost.exe",
    process_id: `00000007-0000-0494-01da-1747f4936c3${n}`,
    segment_id: 1796689930750,
    process_path: "c:\\windows\\syswow64\\svchost.exe",
    md5: "56718fcc53976d5fc8712fd7abb864aa",
    sensor_id: 7,
    hostname: `SIM-WIN10-0000${n}`,
    group: "Default Group",
    os_type: "windows",
    assigned_to: "",
    ...overrides,
  } as Alert;
}

const alerts = [alert(1), alert(2), alert(3, { alert_type: "watchlist.hit.query.binary", process_id: undefined, process_name: undefined, hostname: "WIN-BIN" })];

function server(who = session(), opts: { skipped?: number; total?: number } = {}) {
  const posts: Call[] = [];
  const searches: URLSearchParams[] = [];
  const srv = fakeServer(who, (call) => {
    const { method, url } = call;
    if (method === "GET" && url.pathname === "/api/v2/alert") {
      if (url.searchParams.get("rows") === "0")
        return { body: { results: [], total_results: 3, start: 0, facets: { watchlist_name: [{ name: "Console alerts: svchost.exe", value: 3 }], feed_name: [] } } };
      searches.push(url.searchParams);
      return { body: { results: alerts, total_results: opts.total ?? alerts.length, start: Number(url.searchParams.get("start")), facets: {} } };
    }
    if (method === "POST" && url.pathname === "/api/v1/alerts") {
      posts.push(call);
      const ids = (call.body as { alert_ids: string[] }).alert_ids;
      const skipped = opts.skipped ?? 0;
      return { body: { result: "success", changed: ids.length - skipped, skipped } };
    }
    return undefined;
  });
  return { ...srv, posts, searches };
}

const table = () => screen.getByRole("table", { name: "Alerts" });

describe("the alerts page", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("searches the unresolved alerts, newest first, and links each to its process or binary", async () => {
    const srv = server();
    renderAt("/alerts", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-00001" });
    expect(srv.searches[0].get("q")).toBe("status:Unresolved");
    expect(srv.searches[0].get("sort")).toBe("created_time desc");
    expect(srv.searches[0].get("rows")).toBe("100");
    expect(screen.getByTestId("alert-count")).toHaveTextContent("3 alerts");
    const links = within(table()).getAllByRole("link", { name: "svchost.exe" });
    expect(links[0]).toHaveAttribute("href", "/analyze/00000007-0000-0494-01da-1747f4936c31/1796689930750");
    expect(within(table()).getByRole("link", { name: "56718FCC53976D5FC8712FD7ABB864AA" })).toHaveAttribute(
      "href",
      "/binary/56718FCC53976D5FC8712FD7ABB864AA",
    );
    expect(within(table()).getByRole("link", { name: "SIM-WIN10-00001" })).toHaveAttribute("href", "/sensors/7");
  });

  it("resolves the selected alerts in one bulk change, then searches again", async () => {
    const srv = server();
    renderAt("/alerts?status=any", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-00001" });
    const resolve = screen.getByRole("button", { name: "Resolve" });
    expect(resolve).toBeDisabled();
    await userEvent.click(screen.getByRole("checkbox", { name: /SIM-WIN10-00001/ }));
    await userEvent.click(screen.getByRole("checkbox", { name: /SIM-WIN10-00002/ }));
    await userEvent.click(resolve);

    await screen.findByText("2 alerts marked Resolved.");
    expect(srv.posts).toHaveLength(1);
    expect(srv.posts[0].body).toEqual({ alert_ids: ["alert-1", "alert-2"], requested_status: "Resolved" });
    expect(srv.posts[0].headers["X-CSRF-Token"]).toBe("csrf-1");
    await waitFor(() => expect(srv.searches).toHaveLength(2));
    expect(screen.getByRole("checkbox", { name: /SIM-WIN10-00001/ })).not.toBeChecked();
  });

  /** Sixty unresolved alerts; the server answers what is unresolved at the time of each search. */
  function changingServer() {
    const all = Array.from({ length: 60 }, (_, i) => alert(i + 1));
    const searches: URLSearchParams[] = [];
    fakeServer(session(), (call) => {
      const { method, url } = call;
      if (method === "GET" && url.pathname === "/api/v2/alert") {
        const open = all.filter((a) => a.status === "Unresolved");
        if (url.searchParams.get("rows") === "0") return { body: { results: [], total_results: open.length, start: 0, facets: {} } };
        searches.push(url.searchParams);
        const start = Number(url.searchParams.get("start"));
        const rows = Number(url.searchParams.get("rows"));
        return { body: { results: open.slice(start, start + rows), total_results: open.length, start, facets: {} } };
      }
      if (method === "POST" && url.pathname === "/api/v1/alerts") {
        const { alert_ids, requested_status } = call.body as { alert_ids: string[]; requested_status: string };
        for (const a of all) if (alert_ids.includes(a.unique_id)) a.status = requested_status;
        return { body: { result: "success", changed: alert_ids.length, skipped: 0 } };
      }
      return undefined;
    });
    return searches;
  }

  it("refills the page after a bulk change, so Next skips no alert", async () => {
    const searches = changingServer();
    renderAt("/alerts?rows=50", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-00001" });
    expect(screen.getByText("Page 1 of 2")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "Select every alert on this page" }));
    await userEvent.click(screen.getByRole("button", { name: "Resolve" }));
    await screen.findByText("50 alerts marked Resolved.");

    // The ten alerts that were on page 2 are on page 1 now, and there is no page 2 to skip them with.
    expect(await within(table()).findByRole("link", { name: "SIM-WIN10-000051" })).toBeInTheDocument();
    expect(screen.getByTestId("alert-count")).toHaveTextContent(/^10 alerts/);
    expect(screen.getByText("Page 1 of 1")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    expect(searches.at(-1)!.get("start")).toBe("0");
  });

  it("goes back to the last page there is when its alerts were all triaged", async () => {
    changingServer();
    renderAt("/alerts?page=2&rows=50", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-000060" });
    await userEvent.click(screen.getByRole("checkbox", { name: "Select every alert on this page" }));
    await userEvent.click(screen.getByRole("button", { name: "Mark false positive" }));
    await screen.findByText("10 alerts marked False Positive.");
    expect(await within(table()).findByRole("link", { name: "SIM-WIN10-00001" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/alerts\?rows=50$/);
    expect(screen.getByText("Page 1 of 1")).toBeInTheDocument();
  });

  it("marks every alert of the page false positive or in progress", async () => {
    const srv = server();
    renderAt("/alerts", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-00001" });
    await userEvent.click(screen.getByRole("checkbox", { name: "Select every alert on this page" }));
    await userEvent.click(screen.getByRole("button", { name: "Mark false positive" }));
    await screen.findByText("3 alerts marked False Positive.");
    expect(srv.posts[0].body).toEqual({ alert_ids: ["alert-1", "alert-2", "alert-3"], requested_status: "False Positive" });
    await userEvent.click(screen.getByRole("checkbox", { name: /WIN-BIN/ }));
    await userEvent.click(screen.getByRole("button", { name: "Mark in progress" }));
    await screen.findByText("1 alert marked In Progress.");
    expect(srv.posts[1].body).toEqual({ alert_ids: ["alert-3"], requested_status: "In Progress" });
  });

  it("searches again when the server left some alerts alone, and says how many", async () => {
    const srv = server(session(), { skipped: 1 });
    renderAt("/alerts", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-00001" });
    await userEvent.click(screen.getByRole("checkbox", { name: "Select every alert on this page" }));
    await userEvent.click(screen.getByRole("button", { name: "Resolve" }));
    await screen.findByText("2 alerts marked Resolved; 1 left unchanged (in groups you do not administer).");
    await waitFor(() => expect(srv.searches.length).toBe(2));
  });

  it("offers a Viewer no selection and no triage", async () => {
    server(session({ global_admin: false, group_roles: [{ group_id: 1, group_name: "Default Group", role: "Viewer" }] }));
    renderAt("/alerts", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-00001" });
    expect(screen.queryByRole("checkbox")).toBeNull();
    expect(screen.queryByRole("button", { name: "Resolve" })).toBeNull();
  });

  it("turns the filters into the query and the URL, and restores them from it", async () => {
    const srv = server();
    renderAt("/alerts?status=any&host=WIN-BIN", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "WIN-BIN" });
    expect(srv.searches[0].get("q")).toBe("hostname:WIN-BIN");
    expect(screen.getByLabelText("Hostname")).toHaveValue("WIN-BIN");
    expect(screen.getByLabelText("Status")).toHaveValue("any");

    await userEvent.selectOptions(screen.getByLabelText("Status"), "Resolved");
    await waitFor(() => expect(srv.searches.at(-1)!.get("q")).toBe("status:Resolved hostname:WIN-BIN"));
    expect(screen.getByTestId("location")).toHaveTextContent("/alerts?status=Resolved&host=WIN-BIN");

    await userEvent.type(screen.getByLabelText("Minimum severity"), "60");
    await userEvent.type(screen.getByLabelText("Watchlist or feed"), "Console alerts: svchost.exe{Enter}");
    await waitFor(() =>
      expect(srv.searches.at(-1)!.get("q")).toBe(
        'status:Resolved alert_severity:[60 TO *] (watchlist_name:"Console alerts: svchost.exe" OR feed_name:"Console alerts: svchost.exe") hostname:WIN-BIN',
      ),
    );
  });

  it("sorts on the server by the clicked column and pages with the URL", async () => {
    const srv = server(session(), { total: 250 });
    renderAt("/alerts", "/alerts", <AlertsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-00001" });
    expect(screen.getByText("Page 1 of 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(srv.searches.at(-1)!.get("start")).toBe("100"));
    expect(screen.getByTestId("location")).toHaveTextContent("/alerts?page=2");
    expect(await screen.findByText("Page 2 of 3")).toBeInTheDocument();

    await userEvent.click(within(table()).getByRole("button", { name: /Score/ }));
    await waitFor(() => expect(srv.searches.at(-1)!.get("sort")).toMatch(/^report_score (asc|desc)$/));
    // A new order starts at the first page.
    expect(srv.searches.at(-1)!.get("start")).toBe("0");
    expect(screen.getByTestId("location")).toHaveTextContent("sort=report_score");
  });
});
