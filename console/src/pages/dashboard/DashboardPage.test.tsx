import { screen, waitFor, within } from "@testing-library/react";
import DashboardPage from "./DashboardPage";
import { httpError, mockApi, renderRoutes, sessionOf, type Call } from "../live/testing";

// ECharts draws in a real browser; here its init is replaced by one that records the options it is given.
const drawn = vi.hoisted(() => ({ options: [] as Record<string, unknown>[] }));
vi.mock("./echarts", () => ({
  init: () => ({
    setOption: (o: Record<string, unknown>) => drawn.options.push(o),
    resize: () => undefined,
    dispose: () => undefined,
  }),
}));

const statistics = {
  storage: {
    file_system_bytes: 270553174016,
    free_bytes: 78868885504,
    data_bytes: 63541785,
    parts: { binaries: 43990016, index: 4876646, journal: 7046456, bus: 0 },
    event_partitions: [
      { name: "writer", status: "hot", size_bytes: 3350378, doc_count: 4795, start_date: "2026-12-08T00:24:38.020Z", end_date: null },
    ],
  },
  sensors: { total: 10, online: 6, offline: 4, isolated: 1 },
  alerts: { total: 87, unresolved: 80 },
};
const day = (name: string, value: number) => ({ name, value, percent: 100, ratio: 100 });
const alertFacets = (c: Call) => {
  const q = c.query.get("q") ?? "";
  if (c.query.getAll("facet.field").includes("feed_name"))
    return { total_results: 91, facets: { feed_name: [day("My Watchlists", 87), day("tor-exits", 4)] } };
  const value = q.includes("[40 TO 69]") ? 87 : 0;
  return { total_results: value, facets: { created_time: [day("2026-12-07T00:00:00Z", 0), day("2026-12-08T00:00:00Z", value)] } };
};
const handlers = {
  "GET /api/v1/dashboard/statistics": statistics,
  "GET /api/v1/dashboard/ingest": {
    interval_seconds: 60,
    events_indexed_total: 30422,
    events_per_second: 12.5,
    intervals: [{ start: "2026-12-08T10:00:00Z", end: "2026-12-08T10:01:00Z", events: 750, events_per_second: 12.5 }],
  },
  "GET /api/v2/alert": alertFacets,
  "GET /api/v1/watchlist": [
    { id: "2", name: "Console alerts: svchost.exe", enabled: true, index_type: "events", total_hits: "87" },
    { id: "3", name: "quiet", enabled: true, index_type: "events", total_hits: "0" },
  ],
};

afterEach(() => {
  vi.unstubAllGlobals();
  drawn.options = [];
});

const routes = [{ path: "/", element: <DashboardPage /> }];

describe("the dashboard", () => {
  it("shows the server's counts, each linked to the page that lists them", async () => {
    const api = mockApi(sessionOf(), handlers);
    renderRoutes("/", routes);
    expect(await screen.findByRole("link", { name: "Online: 6" }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Online: 6" })).toHaveAttribute("href", "/sensors?status=online");
    expect(screen.getByRole("link", { name: "Offline: 4" })).toHaveAttribute("href", "/sensors?status=offline");
    expect(screen.getByRole("link", { name: "Isolated: 1" })).toHaveAttribute("href", "/sensors?isolation=isolated");
    expect(screen.getByRole("link", { name: "Total: 10" })).toHaveAttribute("href", "/sensors");
    expect(screen.getByRole("link", { name: "unresolved: 80" })).toHaveAttribute("href", "/alerts");
    expect(await screen.findByRole("link", { name: "Medium (40–69), last 2 days: 87" })).toHaveAttribute(
      "href",
      "/alerts?status=any&minsev=40&maxsev=69",
    );
    expect(screen.getByRole("link", { name: "High (70–100), last 2 days: 0" })).toBeInTheDocument();

    // the ingest rate and its chart
    const ingest = screen.getByRole("region", { name: "Ingest rate" });
    expect(await within(ingest).findByText("12.5")).toBeInTheDocument();
    expect(within(ingest).getByText((30422).toLocaleString())).toBeInTheDocument();
    await waitFor(() => expect(drawn.options.some((o) => JSON.stringify(o).includes("Events per minute"))).toBe(true));

    // top hits: watchlists by their hits, feeds by their alerts (not the watchlists' "My Watchlists")
    const watchlists = screen.getByRole("region", { name: "Top watchlist hits" });
    const top = await within(watchlists).findByRole("link", { name: "Console alerts: svchost.exe" });
    expect(top).toHaveAttribute("href", "/alerts?status=any&source=Console%20alerts%3A%20svchost.exe");
    expect(within(watchlists).queryByText("quiet")).toBeNull();
    const feeds = screen.getByRole("region", { name: "Top feed hits" });
    expect(await within(feeds).findByRole("link", { name: "tor-exits" })).toBeInTheDocument();
    expect(within(feeds).queryByText("My Watchlists")).toBeNull();

    // partitions and disk
    const storage = screen.getByRole("region", { name: "Partitions and disk" });
    expect(within(storage).getByRole("meter", { name: "Disk used" })).toHaveAttribute("aria-valuenow", "71");
    expect(within(storage).getByRole("cell", { name: "writer" })).toBeInTheDocument();
    expect(within(storage).getByRole("cell", { name: (4795).toLocaleString() })).toBeInTheDocument();

    // the three severity bands are asked with their ranges, counts only
    const bands = api.calls.filter((c) => c.path === "/api/v2/alert" && c.query.get("facet.field") === "created_time");
    expect(bands.map((c) => c.query.get("q")).sort()).toEqual([
      "alert_severity:[* TO 39]",
      "alert_severity:[40 TO 69]",
      "alert_severity:[70 TO *]",
    ]);
    expect(bands.every((c) => c.query.get("rows") === "0")).toBe(true);
  });

  it("leaves the storage tile out for users who are not global administrators, and says when there is no ingest rate", async () => {
    const { storage: _omitted, ...forAnalyst } = statistics;
    void _omitted;
    mockApi(sessionOf({ global_admin: false }), {
      ...handlers,
      "GET /api/v1/dashboard/statistics": forAnalyst,
      "GET /api/v1/dashboard/ingest": () => {
        throw httpError(404, "not_found", "route /api/v1/dashboard/ingest not found");
      },
    });
    renderRoutes("/", routes);
    expect(await screen.findByRole("link", { name: "Online: 6" })).toBeInTheDocument();
    expect(await screen.findByText("This server does not report its ingest rate.")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Partitions and disk" })).toBeNull();
  });
});
