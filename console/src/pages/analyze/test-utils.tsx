// Rendering a page of this area in tests: a logged-in session with chosen roles, a query cache, a router at a URL,
// and fetch answered by handlers written with the server's shapes (each test says what the server holds).

import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import { vi } from "vitest";
import { SessionProvider, useSessionApi, type ConsoleSession } from "../../api/session";

export type Handler = (url: URL, init: RequestInit) => unknown | Response | Promise<unknown | Response>;

export interface FakeServer {
  /** Every request made, as `METHOD /path?query`. */
  calls: string[];
  /** `METHOD path` (path without query, or a RegExp on it) → the answer: a JSON body, or a Response. */
  on(method: string, path: string | RegExp, handler: Handler): FakeServer;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function fakeServer(session: Partial<ConsoleSession> = {}): FakeServer {
  const routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  const calls: string[] = [];
  const fullSession: ConsoleSession = {
    username: "analyst",
    first_name: "",
    last_name: "",
    email: "",
    global_admin: true,
    csrf_token: "csrf",
    expires: "2099-01-01T00:00:00Z",
    idle_seconds: 1800,
    group_roles: [],
    ...session,
  };
  const server: FakeServer = {
    calls,
    on(method, path, handler) {
      routes.unshift({ method, path, handler });
      return server;
    },
  };
  server.on("GET", "/api/console/session", () => fullSession);
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), "https://console.test");
      const method = (init.method ?? "GET").toUpperCase();
      calls.push(`${method} ${url.pathname}${url.search}`);
      const route = routes.find(
        (r) => r.method === method && (typeof r.path === "string" ? r.path === url.pathname : r.path.test(url.pathname)),
      );
      if (!route) return json(404, { reason: "not_found", message: `no route ${method} ${url.pathname}` });
      const answer = await route.handler(url, init);
      return answer instanceof Response ? answer : json(200, answer);
    }),
  );
  return server;
}

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSessionApi();
  return state.status === "in" ? <>{children}</> : null;
}

/** Shows the router's location, so tests can check what the page put in the URL. */
export function LocationProbe() {
  const l = useLocation();
  return (
    <output data-testid="location" hidden>
      {l.pathname + l.search}
    </output>
  );
}

export function renderPage(url: string, routes: { path: string; element: ReactNode }[]) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  const router = createMemoryRouter(
    routes.map((r) => ({
      path: r.path,
      element: (
        <>
          {r.element}
          <LocationProbe />
        </>
      ),
    })),
    { initialEntries: [url] },
  );
  const view = render(
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <SignedIn>
          <RouterProvider router={router} />
        </SignedIn>
      </SessionProvider>
    </QueryClientProvider>,
  );
  return { ...view, router, queries };
}

/** jsdom lays nothing out: give scrolling boxes a size so virtualised lists render a realistic window of rows. */
export function giveElementsHeight(height = 600) {
  const proto = Element.prototype;
  const saved = ["clientHeight", "clientWidth"].map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)] as const);
  Object.defineProperty(proto, "clientHeight", { configurable: true, get: () => height });
  Object.defineProperty(proto, "clientWidth", { configurable: true, get: () => 1000 });
  return () => {
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(proto, k, d);
      else delete (proto as unknown as Record<string, unknown>)[k];
    }
  };
}

/** jsdom has no modal dialogs: open and close the element as a browser would, so ConfirmDialog can be used. */
export function polyfillDialog() {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { __polyfilled?: boolean };
  if (proto.__polyfilled) return;
  proto.__polyfilled = true;
  proto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  proto.close = function (this: HTMLDialogElement) {
    if (!this.hasAttribute("open")) return;
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
}
