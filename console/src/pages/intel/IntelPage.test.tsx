import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Feed, ThreatReport, Watchlist } from "../../api/intel";
import IntelPage from "./IntelPage";
import { fakeServer, json, prepareDom, renderPage, sessionOf, type Call } from "./testing";

beforeAll(prepareDom);
afterEach(() => vi.unstubAllGlobals());

const feed = (id: number, name: string, extra: Partial<Feed> = {}): Feed => ({
  id,
  name,
  display_name: `${name} display`,
  enabled: true,
  feed_url: `https://intel.example/${name}.json`,
  provider_url: "",
  summary: "",
  tech_data: "",
  category: "Open Source",
  icon: "",
  icon_small: "",
  provider_rating: null,
  local_rating: null,
  order: 0,
  manually_added: true,
  use_proxy: false,
  validate_server_cert: true,
  username: "",
  password: "",
  ssl_client_crt: "",
  ssl_client_key: "",
  requires: "",
  requires_who: "",
  requires_what: "",
  last_sync: "2026-12-08 00:30:56.032462+00:00",
  last_sync_error: "",
  report_count: 1234,
  ioc_count: 5000,
  ...extra,
});

const report = (id: string, title: string, extra: Partial<ThreatReport> = {}): ThreatReport => ({
  id,
  feed_id: 3,
  feed_name: "tor",
  feed_category: "Open Source",
  title,
  score: 50,
  link: "",
  timestamp: 1_760_000_000,
  description: "",
  tags: [],
  is_ignored: false,
  iocs: { md5: ["0123456789abcdef0123456789abcdef"], dns: ["a.example", "b.example"] },
  ...extra,
});

const envelope = <T,>(results: T[], total = results.length, start = 0) => ({ results, total_results: total, start, facets: {} });

function intelServer(extra: Record<string, unknown> = {}, session = sessionOf("admin")) {
  return fakeServer(
    {
      "GET /api/v1/feed": [feed(3, "tor"), feed(4, "vt", { enabled: false, last_sync_error: "cannot connect", report_count: 0 })],
      "GET /api/v2/alert": { ...envelope([], 9), facets: { feed_id: [{ name: "3", value: 9 }] } },
      "GET /api/v1/threat_report": (c: Call) =>
        envelope([report("r1", "Tor exit list"), report("r2", "Bad relay", { is_ignored: true })], 2, Number(c.url.searchParams.get("start"))),
      ...extra,
    },
    session,
  );
}

const rowOf = (name: string) => screen.getByRole("link", { name }).closest("tr")!;

describe("feeds", () => {
  it("lists each feed with what the server says: state, last sync, reports and hits", async () => {
    intelServer();
    renderPage(<IntelPage />, "/intel/feeds", "/intel/:tab");
    await screen.findByRole("link", { name: "tor display" });
    const tor = rowOf("tor display");
    expect(within(tor).getByText("Enabled")).toBeInTheDocument();
    expect(tor).toHaveTextContent("1,234");
    expect(tor).toHaveTextContent("9");
    const vt = rowOf("vt display");
    expect(within(vt).getByText("Disabled")).toBeInTheDocument();
    expect(within(vt).getByText("failed")).toHaveAttribute("title", "cannot connect");
    expect(within(vt).getByRole("button", { name: "Synchronise vt display now" })).toBeDisabled();
  });

  it("offers a viewer no change", async () => {
    const calls = intelServer({}, sessionOf("viewer"));
    renderPage(<IntelPage />, "/intel/feeds", "/intel/:tab");
    await screen.findByRole("link", { name: "tor display" });
    expect(screen.queryByRole("button", { name: "Add feed" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^(Delete|Disable|Synchronise) / })).toBeNull();
    expect(calls.every((c) => c.method === "GET")).toBe(true);
  });

  it("deletes a feed only once confirmed", async () => {
    const calls = intelServer({ "DELETE /api/v1/feed/3": { result: "success" } });
    renderPage(<IntelPage />, "/intel/feeds", "/intel/:tab");
    await userEvent.click(await screen.findByRole("button", { name: "Delete tor display" }));
    const dialog = screen.getByRole("dialog", { name: "Delete the feed tor display?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Delete tor display" }));
    await userEvent.click(within(screen.getByRole("dialog", { name: "Delete the feed tor display?" })).getByRole("button", { name: "Delete feed" }));
    expect(await screen.findByText("tor display deleted.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.url.pathname)).toEqual(["/api/v1/feed/3"]);
  });

  it("says why the server refused a feed URL, in the dialog", async () => {
    const calls = intelServer({
      "POST /api/v1/feed": () => json(409, { reason: "invalid_feed", message: "not a valid feed: feedinfo: missing" }),
    });
    renderPage(<IntelPage />, "/intel/feeds", "/intel/:tab");
    await userEvent.click(await screen.findByRole("button", { name: "Add feed" }));
    const dialog = screen.getByRole("dialog", { name: "Add a feed" });
    await userEvent.type(within(dialog).getByLabelText("Feed URL"), "https://intel.example/bad.json");
    await userEvent.click(within(dialog).getByLabelText("Validate the feed server's certificate"));
    await userEvent.click(within(dialog).getByRole("button", { name: "Add feed" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("not a valid feed: feedinfo: missing (invalid_feed)");
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      feed_url: "https://intel.example/bad.json",
      enabled: true,
      validate_server_cert: false,
      use_proxy: false,
    });
  });

  it("opens a feed's reports with the feed in the URL, and ignores the selected ones", async () => {
    const calls = intelServer({ "POST /api/v1/threat_report": { result: "success" } });
    renderPage(<IntelPage />, "/intel/feeds", "/intel/:tab");
    await userEvent.click(await screen.findByRole("link", { name: "tor display" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/intel/feeds?feed=3");
    expect(await screen.findByText("1–2 of 2 reports")).toBeInTheDocument();
    const search = calls.find((c) => c.url.pathname === "/api/v1/threat_report")!;
    expect(search.url.searchParams.get("q")).toBe("feed_id:3");
    expect(search.url.searchParams.get("sort")).toBe("score desc");

    const table = screen.getByRole("table", { name: "Reports of tor display" });
    expect(within(table).getByText("Tor exit list").closest("tr")).toHaveTextContent("3"); // its indicators
    await userEvent.click(within(table).getByRole("checkbox", { name: "Select all rows" }));
    await userEvent.click(screen.getByRole("button", { name: "Ignore selected (2)" }));
    expect(await screen.findByText("2 reports of tor display ignored.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ ids: { "3": ["r1", "r2"] }, updates: { is_ignored: true } });
  });

  it("links a report's title only to a web page", async () => {
    intelServer({
      "GET /api/v1/threat_report": envelope([
        report("r1", "Web page", { link: "https://intel.example/reports/1" }),
        report("r2", "Script", { link: "javascript:alert(document.cookie)" }),
        report("r3", "Data", { link: " data:text/html,<script>alert(1)</script>" }),
        report("r4", "Plain", { link: "http://intel.example/r4" }),
        report("r5", "Odd", { link: "JaVaScRiPt:alert(1)" }),
      ]),
    });
    renderPage(<IntelPage />, "/intel/feeds?feed=3", "/intel/:tab");
    const table = await screen.findByRole("table", { name: "Reports of tor display" });
    await within(table).findByText("Script");
    expect(within(table).getByRole("link", { name: "Web page" })).toHaveAttribute("href", "https://intel.example/reports/1");
    expect(within(table).getByRole("link", { name: "Plain" })).toHaveAttribute("href", "http://intel.example/r4");
    for (const title of ["Script", "Data", "Odd"]) {
      expect(within(table).queryByRole("link", { name: title })).toBeNull();
      expect(within(table).getByText(title)).toBeInTheDocument();
    }
  });

  it("asks the page the URL names, with its filter", async () => {
    const calls = intelServer();
    renderPage(<IntelPage />, "/intel/feeds?feed=3&start=100&ignored=heeded&rq=tor", "/intel/:tab");
    await screen.findByRole("table", { name: "Reports of tor display" });
    await waitFor(() => expect(calls.some((c) => c.url.pathname === "/api/v1/threat_report")).toBe(true));
    const search = calls.find((c) => c.url.pathname === "/api/v1/threat_report")!;
    expect(search.url.searchParams.get("start")).toBe("100");
    expect(search.url.searchParams.get("rows")).toBe("100");
    expect(search.url.searchParams.get("q")).toBe("feed_id:3 is_ignored:false (tor)");
    expect(screen.getByRole("combobox", { name: "Show" })).toHaveValue("heeded");
  });
});

const watchlist = (id: string, name: string, extra: Partial<Watchlist> = {}): Watchlist => ({
  id,
  name,
  search_query: "cb.urlver=1&q=process_name%3Acmd.exe",
  index_type: "events",
  enabled: true,
  description: "",
  date_added: "2026-12-08 00:30:42.837455+00:00",
  last_hit: null,
  last_hit_count: 0,
  total_hits: "4",
  total_tags: "4",
  search_timestamp: null,
  readonly: false,
  group_id: -1,
  alliance_id: null,
  from_alliance: false,
  last_execution_time_ms: 0,
  ...extra,
});

describe("watchlists", () => {
  it("lists each watchlist with its query, type and hits, linked to the search", async () => {
    fakeServer({ "GET /api/v1/watchlist": [watchlist("4", "cmd"), watchlist("5", "unsigned", { index_type: "modules", enabled: false })] });
    renderPage(<IntelPage />, "/intel/watchlists", "/intel/:tab");
    const row = (await screen.findByText("cmd")).closest("tr")!;
    expect(row).toHaveTextContent("process_name:cmd.exe");
    expect(row).toHaveTextContent("Process");
    expect(within(row).getByRole("link", { name: "4 hits of cmd: search them" })).toHaveAttribute("href", "/search?q=watchlist_4%3A*");
    const binary = screen.getByText("unsigned").closest("tr")!;
    expect(binary).toHaveTextContent("Binary");
    expect(binary).toHaveTextContent("Disabled");
    expect(within(binary).queryByRole("link")).toBeNull();
  });

  it("creates one from the form, the query encoded as Carbon Black keeps it", async () => {
    const calls = fakeServer({
      "GET /api/v1/watchlist": [],
      "POST /api/v1/watchlist": (c: Call) => watchlist("9", (c.body as { name: string }).name),
    });
    renderPage(<IntelPage />, "/intel/watchlists", "/intel/:tab");
    await userEvent.click(await screen.findByRole("button", { name: "New watchlist" }));
    const dialog = screen.getByRole("dialog", { name: "New watchlist" });
    await userEvent.type(within(dialog).getByLabelText("Name"), "Net tools");
    await userEvent.click(within(dialog).getByLabelText("Binaries"));
    await userEvent.type(within(dialog).getByLabelText("Query"), "observed_filename:nc.exe");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create watchlist" }));
    expect(await screen.findByText("Watchlist Net tools created.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      name: "Net tools",
      index_type: "modules",
      search_query: "cb.urlver=1&q=observed_filename%3Anc.exe",
      description: "",
      enabled: true,
    });
  });
});
