// Rendering a page the way the console does (query cache, the signed-in session, the hash router's routes) with
// fetch answered from a table of the reference's shapes. For the live and dashboard pages' tests.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { SessionProvider, useSessionApi, type ConsoleSession } from "../../api/session";
import { sessionOf } from "../../testing/session";

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export type Handler = unknown | ((call: Call) => unknown);

export { sessionOf };

/**
 * Stubs fetch: "GET /api/v1/sensor" → a body (or a function of the call giving one; an Error with `status` is
 * answered as that HTTP error). Every call is recorded.
 */
export function mockApi(session: ConsoleSession, handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const all: Record<string, Handler> = { "GET /api/console/session": session, ...handlers };
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://console.test");
    const method = (init?.method ?? "GET").toUpperCase();
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : init?.body;
    const call = { method, path: url.pathname, query: url.searchParams, body };
    calls.push(call);
    const handler = all[`${method} ${url.pathname}`];
    if (handler === undefined)
      return json(404, { status: "NOT_FOUND", reason: "not_found", message: `${method} ${url.pathname} not mocked` });
    try {
      const answer = typeof handler === "function" ? await (handler as (c: Call) => unknown)(call) : handler;
      return json(200, answer);
    } catch (e) {
      const status = (e as { status?: number }).status ?? 500;
      return json(status, { reason: (e as { reason?: string }).reason ?? "error", message: (e as Error).message });
    }
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}

export function httpError(status: number, reason: string, message = reason) {
  return Object.assign(new Error(message), { status, reason });
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function Gate({ children }: { children: ReactNode }) {
  const { state } = useSessionApi();
  return state.status === "in" ? <>{children}</> : null;
}

/** Where the router is now, for asserting what the URL holds. */
export let currentLocation = "";
function LocationProbe() {
  const l = useLocation();
  currentLocation = l.pathname + l.search;
  return null;
}

export function renderRoutes(path: string, routes: { path: string; element: ReactNode }[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 15_000 } } });
  const ui = (
    <QueryClientProvider client={client}>
      <SessionProvider>
        <Gate>
          <MemoryRouter initialEntries={[path]}>
            <LocationProbe />
            <Routes>
              {routes.map((r) => (
                <Route key={r.path} path={r.path} element={r.element} />
              ))}
            </Routes>
          </MemoryRouter>
        </Gate>
      </SessionProvider>
    </QueryClientProvider>
  );
  return { ...render(ui), client };
}

/**
 * jsdom lays nothing out, so a virtualised table sees a scroller of height 0 and renders no row: give elements a
 * size for the tests that read tables.
 */
export function giveElementsASize(width = 1200, height = 800) {
  const proto = HTMLElement.prototype;
  const saved = ["clientWidth", "clientHeight", "offsetWidth", "offsetHeight"].map(
    (k) => [k, Object.getOwnPropertyDescriptor(proto, k)] as const,
  );
  Object.defineProperty(proto, "clientWidth", { configurable: true, get: () => width });
  Object.defineProperty(proto, "clientHeight", { configurable: true, get: () => height });
  Object.defineProperty(proto, "offsetWidth", { configurable: true, get: () => width });
  Object.defineProperty(proto, "offsetHeight", { configurable: true, get: () => 34 });
  return () => {
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(proto, k, d);
      else delete (proto as unknown as Record<string, unknown>)[k];
    }
  };
}
