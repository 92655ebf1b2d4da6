import { configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import type { ReactNode } from "react";
import { SessionProvider, useSessionApi, type ConsoleSession } from "../../api/session";
import type { FacetEntry, ProcessDocument, ProcessSearchResponse } from "../../api/process";
import SearchPage from "./SearchPage";

// The machine running the tests may be busy: wait for the page longer than the default second.
configure({ asyncUtilTimeout: 5000 });

// The canvas chart cannot draw in jsdom: a stand-in renders one button per bar and calls onPick as a bar click would.
vi.mock("./FacetChart", () => ({
  FacetChart: ({ entries, onPick }: { entries: FacetEntry[]; onPick: (e: FacetEntry) => void }) => (
    <div>
      {entries.map((e) => (
        <button key={e.name} type="button" onClick={() => onPick(e)}>
          bar {e.name}
        </button>
      ))}
    </div>
  ),
}));

const session = (globalAdmin: boolean): ConsoleSession => ({
  username: "analyst",
  first_name: "",
  last_name: "",
  email: "",
  global_admin: globalAdmin,
  csrf_token: "csrf",
  expires: "2099-01-01T00:00:00Z",
  idle_seconds: 0,
  group_roles: [{ group_id: 1, group_name: "Default Group", role: "Viewer" }],
});

const doc = (n: number, name: string): ProcessDocument => ({
  id: `00000001-0000-0${String(n).padStart(3, "0")}-01da-17477bd1e100`,
  unique_id: `00000001-0000-0${String(n).padStart(3, "0")}-01da-17477bd1e100-01a2530d3b13`,
  segment_id: 1796689705747,
  process_name: name,
  path: `c:\\windows\\system32\\${name}`,
  cmdline: `${name} -k netsvcs`,
  process_md5: "14fdce1c57ad94ecc0b4af14a28fb11f",
  process_pid: 1000 + n,
  username: "SYSTEM",
  hostname: "WIN-1",
  sensor_id: 1,
  start: "2023-11-14T22:11:14.832Z",
  last_update: "2023-11-14T22:15:50.651Z",
  terminated: false,
  modload_count: 5,
  filemod_count: 9,
  regmod_count: 4,
  netconn_count: 3,
  childproc_count: 0,
  crossproc_count: 0,
});

const envelope = (results: ProcessDocument[], total: number, facets: Record<string, FacetEntry[]> = {}): ProcessSearchResponse => ({
  results,
  total_results: total,
  start: 0,
  elapsed: 0.01,
  terms: [],
  highlights: [],
  facets,
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

interface Call {
  method: string;
  url: URL;
  body?: string;
}

/** A fake server: the session, process search (results or facets) and watchlist creation, recording each call. */
function fakeServer(opts: { admin?: boolean; search?: (url: URL) => Response }) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, "https://console.test");
      calls.push({ method: init?.method ?? "GET", url, body: init?.body as string | undefined });
      if (url.pathname === "/api/console/session") return json(200, session(opts.admin ?? true));
      if (url.pathname === "/api/v1/watchlist" && init?.method === "POST") {
        const b = JSON.parse(init.body as string);
        return json(200, { id: "7", name: b.name, search_query: b.search_query, index_type: "events", enabled: true });
      }
      if (url.pathname === "/api/v1/process") {
        if (opts.search) return opts.search(url);
        if (url.searchParams.get("facet") === "true") {
          return json(
            200,
            envelope([], 123, {
              process_name: [
                { name: "svchost.exe", value: 100, percent: 100, ratio: 81.3 },
                { name: "cmd.exe", value: 23, percent: 23, ratio: 18.7 },
              ],
              hostname: [{ name: "WIN-1", value: 123, percent: 100, ratio: 100 }],
              group: [{ name: "Default Group", value: 123, percent: 100, ratio: 100 }],
            }),
          );
        }
        const q = url.searchParams.get("q") ?? "";
        const total = q.includes("cmd.exe") ? 23 : 123;
        return json(200, envelope([doc(1, "svchost.exe"), doc(2, "svchost.exe"), doc(3, "cmd.exe")], total));
      }
      return json(404, { reason: "not_found", message: "no route" });
    }),
  );
  return calls;
}

function LocationProbe() {
  const l = useLocation();
  return <output data-testid="location">{l.pathname + l.search}</output>;
}

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSessionApi();
  return state.status === "in" ? <>{children}</> : null;
}

function renderAt(url: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <SignedIn>
          <MemoryRouter initialEntries={[url]}>
            <Routes>
              <Route path="/search" element={<SearchPage />} />
              <Route path="/analyze/:guid/:segment" element={<p>analysis page</p>} />
            </Routes>
            <LocationProbe />
          </MemoryRouter>
        </SignedIn>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

const searchParamsOf = () => new URLSearchParams(screen.getByTestId("location").textContent!.split("?")[1] ?? "");
const processCalls = (calls: Call[], facets: boolean) =>
  calls.filter((c) => c.url.pathname === "/api/v1/process" && (c.url.searchParams.get("facet") === "true") === facets);

// jsdom lays nothing out: give elements a size, so the virtualised table renders the rows of its viewport.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1000 });
  // Nor does it open modal dialogs.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute("open");
  };
});

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe("process search page", () => {
  it("shows the total and the rows the API returned, asking for the URL's search", async () => {
    const calls = fakeServer({});
    renderAt("/search?q=process_name%3Asvchost.exe&window=all&sort=start+desc&start=0&rows=100&group=process");
    expect(await screen.findByTestId("total-results")).toHaveTextContent("123");
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("link", { name: "svchost.exe" })).toHaveLength(2);
    expect(within(table).getByRole("link", { name: "cmd.exe" })).toHaveAttribute(
      "href",
      "/analyze/00000001-0000-0003-01da-17477bd1e100/1796689705747",
    );
    const page = processCalls(calls, false)[0].url.searchParams;
    expect(page.get("q")).toBe("process_name:svchost.exe");
    expect(page.get("rows")).toBe("100");
    expect(page.get("sort")).toBe("start desc");
    expect(page.get("cb.group")).toBe("id");
    expect(within(table).getByRole("columnheader", { name: /Start time/ })).toHaveAttribute("aria-sort", "descending");
  });

  it("a click on a facet bar adds its term to the query and searches again", async () => {
    const calls = fakeServer({});
    renderAt("/search?q=hostname%3AWIN-1");
    await userEvent.click(await screen.findByRole("button", { name: "bar cmd.exe" }));
    await waitFor(() => expect(searchParamsOf().get("q")).toBe("hostname:WIN-1 process_name:cmd.exe"));
    expect(searchParamsOf().get("start")).toBe("0");
    await waitFor(() => expect(screen.getByTestId("total-results")).toHaveTextContent("23"));
    expect(processCalls(calls, false).at(-1)!.url.searchParams.get("q")).toBe("hostname:WIN-1 process_name:cmd.exe");
    expect(processCalls(calls, true).at(-1)!.url.searchParams.get("q")).toBe("hostname:WIN-1 process_name:cmd.exe");
  });

  it("the keyboard list of a facet does the same, quoting values with spaces", async () => {
    fakeServer({});
    renderAt("/search?q=");
    const groupCard = (await screen.findByRole("heading", { name: /Sensor group/ })).closest("section")!;
    await userEvent.click(within(groupCard).getByText(/List values/));
    await userEvent.click(within(groupCard).getByRole("button", { name: "Default Group" }));
    await waitFor(() => expect(searchParamsOf().get("q")).toBe('group:"Default Group"'));
  });

  it("shows the server's message for a malformed query inline, without results", async () => {
    fakeServer({
      search: () =>
        json(400, { reason: "query_malformed_syntax", message: "unbalanced parenthesis: '(' is never closed (at position 13)" }),
    });
    renderAt("/search?q=process_name%3A(foo");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The server cannot read this query: unbalanced parenthesis: '(' is never closed (at position 13)");
    expect(screen.queryByTestId("total-results")).toBeNull();
    expect(screen.getByText("Fix the query to see results.")).toBeInTheDocument();
  });

  it("sorting and paging go to the API through the URL", async () => {
    const calls = fakeServer({});
    renderAt("/search?q=&rows=10");
    await screen.findByTestId("total-results");
    await userEvent.click(screen.getByRole("button", { name: /^Net/ }));
    await waitFor(() => expect(searchParamsOf().get("sort")).toBe("netconn_count desc"));
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(searchParamsOf().get("start")).toBe("10"));
    await waitFor(() => expect(processCalls(calls, false).at(-1)!.url.searchParams.get("start")).toBe("10"));
    expect(processCalls(calls, false).at(-1)!.url.searchParams.get("sort")).toBe("netconn_count desc");
    expect(screen.getByText(/Page 2 of 13/)).toBeInTheDocument();
  });

  it("anchors a relative window when the search runs, so reload and back repeat the same search", async () => {
    const calls = fakeServer({});
    const before = Math.floor(Date.now() / 60_000);
    renderAt("/search?q=process_name%3Asvchost.exe&window=24h");
    await screen.findByTestId("total-results");
    await waitFor(() => expect(searchParamsOf().get("at")).not.toBeNull());
    const at = Number(searchParamsOf().get("at"));
    expect(at).toBeGreaterThanOrEqual(before);
    const min = new Date((at - 24 * 60) * 60_000).toISOString().replace(".000Z", "Z");
    expect(processCalls(calls, false).map((c) => c.url.searchParams.get("cb.min_last_update"))).toEqual([min]);

    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(searchParamsOf().get("start")).toBe("100"));
    expect(searchParamsOf().get("at")).toBe(String(at));
    await waitFor(() => expect(processCalls(calls, false)).toHaveLength(2));
    expect(processCalls(calls, false)[1].url.searchParams.get("cb.min_last_update")).toBe(min);
  });

  it("repeats an anchored search exactly, however long ago it ran", async () => {
    const calls = fakeServer({});
    renderAt("/search?q=&window=1h&at=29425000&start=0");
    await screen.findByTestId("total-results");
    expect(processCalls(calls, false)[0].url.searchParams.get("cb.min_last_update")).toBe(
      new Date((29_425_000 - 60) * 60_000).toISOString().replace(".000Z", "Z"),
    );
    expect(searchParamsOf().get("at")).toBe("29425000");
  });

  it("offers 'Save as watchlist' to a global administrator, and saves the query", async () => {
    const calls = fakeServer({ admin: true });
    renderAt("/search?q=process_name%3Asvchost.exe");
    await userEvent.click(await screen.findByRole("button", { name: "Save as watchlist" }));
    await userEvent.type(screen.getByLabelText("Watchlist name"), "svchost everywhere");
    await userEvent.click(screen.getByRole("button", { name: "Save watchlist" }));
    expect(await screen.findByText(/Saved watchlist “svchost everywhere” \(id 7\)/)).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST")!;
    expect(JSON.parse(post.body!)).toEqual({
      name: "svchost everywhere",
      index_type: "events",
      search_query: "cb.urlver=1&q=process_name%3Asvchost.exe",
    });
  });

  it("does not offer 'Save as watchlist' to anyone else", async () => {
    fakeServer({ admin: false });
    renderAt("/search?q=process_name%3Asvchost.exe");
    await screen.findByTestId("total-results");
    expect(screen.queryByRole("button", { name: "Save as watchlist" })).toBeNull();
  });
});
