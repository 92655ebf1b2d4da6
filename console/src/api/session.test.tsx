import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { LoginPage } from "../pages/LoginPage";
import { leases } from "../pages/live/LiveConsole";
import { api } from "./client";
import { ACTIVITY_KEY } from "./idle";
import { SessionProvider, useSessionApi, type ConsoleSession } from "./session";

const who = (idle_seconds: number): ConsoleSession => ({
  username: "ann",
  first_name: "",
  last_name: "",
  email: "",
  global_admin: true,
  csrf_token: "csrf-9",
  expires: "2099-01-01T00:00:00Z",
  idle_seconds,
  group_roles: [],
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** The server: a session (until logged out), live response on sensor 6, and a list the page polls. */
function fakeServer(idle = 1800) {
  const calls: string[] = [];
  let loggedIn = true;
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "https://console.test");
    const method = init?.method ?? "GET";
    const call = `${method} ${url.pathname}`;
    if (call !== "GET /api/console/session") calls.push(call);
    if (!loggedIn) return json(401, { reason: "unauthorized", message: "log in" });
    switch (call) {
      case "GET /api/console/session":
        return json(200, who(idle));
      case "POST /api/console/logout":
        loggedIn = false;
        return new Response(null, { status: 204 });
      case "GET /api/v1/cblr/session":
        return json(200, []);
      case "POST /api/v1/cblr/session":
        return json(200, { id: 5, sensor_id: 6, status: "pending", supported_commands: [], drives: [], current_working_directory: "", create_time: 0 });
      case "PUT /api/v1/cblr/session/5":
        return json(200, { id: 5, status: "close" });
      default:
        return json(200, { results: [] });
    }
  });
  return calls;
}

/** The session's two faces: the login page once it ended, else a page that polls the server every 10 s. */
function Console() {
  const { state, logout } = useSessionApi();
  if (state.status === "anonymous") return <LoginPage expired={state.expired} />;
  if (state.status === "loading") return null;
  return (
    <main>
      <Polling />
      <button type="button" onClick={() => void logout()}>
        Log out
      </button>
    </main>
  );
}

function Polling() {
  useQuery({ queryKey: ["poll"], queryFn: () => api.get("/api/v2/sensor"), refetchInterval: 10_000 });
  return <p>signed in</p>;
}

function renderConsole() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <Console />
      </SessionProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("logging out", () => {
  it("closes the live-response sessions this page opened first, while the login still holds", async () => {
    const calls = fakeServer();
    renderConsole();
    await screen.findByText("signed in");
    await leases.acquire(6);
    leases.release(6); // the terminal was left a moment ago: its close is still waiting
    await userEvent.click(screen.getByRole("button", { name: "Log out" }));
    await screen.findByRole("button", { name: "Log in" });
    const close = calls.indexOf("PUT /api/v1/cblr/session/5");
    expect(close).toBeGreaterThanOrEqual(0);
    expect(close).toBeLessThan(calls.indexOf("POST /api/console/logout"));
    expect(screen.queryByText(/Your session has ended/)).toBeNull();
  });
});

describe("idle logout", () => {
  const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));

  it("logs out after the session's idle time without input, however often the page polls", async () => {
    const calls = fakeServer(60);
    renderConsole();
    await screen.findByText("signed in");
    await advance(59_000);
    expect(screen.getByText("signed in")).toBeInTheDocument();
    expect(calls.filter((c) => c === "GET /api/v2/sensor").length).toBeGreaterThanOrEqual(5);
    await advance(2_000);
    expect(await screen.findByRole("alert")).toHaveTextContent("Your session has ended");
    expect(calls).toContain("POST /api/console/logout");
  });

  it("counts keys, pointer, wheel and touch as the analyst being there", async () => {
    fakeServer(60);
    renderConsole();
    await screen.findByText("signed in");
    for (const input of [
      () => document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true })),
      () => document.body.dispatchEvent(new Event("pointerdown", { bubbles: true })),
      () => document.body.dispatchEvent(new Event("wheel", { bubbles: true })),
      () => document.body.dispatchEvent(new Event("touchstart", { bubbles: true })),
    ]) {
      await advance(50_000);
      input();
    }
    await advance(50_000);
    expect(screen.getByText("signed in")).toBeInTheDocument();
    await advance(11_000);
    expect(await screen.findByRole("alert")).toHaveTextContent("Your session has ended");
  });

  it("counts input in another tab of the console", async () => {
    fakeServer(60);
    renderConsole();
    await screen.findByText("signed in");
    await advance(50_000);
    localStorage.setItem(ACTIVITY_KEY, String(Date.now())); // what the other tab shares
    await advance(50_000);
    expect(screen.getByText("signed in")).toBeInTheDocument();
    await advance(11_000);
    expect(await screen.findByRole("alert")).toHaveTextContent("Your session has ended");
  });
});
