// Test support for the threat-intel, administration and account pages: a fake server answering fetch by method and
// path (recording each call), a signed-in session of a chosen role, and the providers the pages need.
import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { SessionProvider, useSessionApi, type ConsoleSession } from "../../api/session";

export interface Call {
  method: string;
  url: URL;
  body: unknown;
}

export type Handler = (call: Call) => unknown | Response;

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

export function sessionOf(role: "admin" | "viewer", username = role === "admin" ? "ann" : "vic"): ConsoleSession {
  return {
    username,
    first_name: "Ann",
    last_name: "Alyst",
    email: "ann@example.com",
    global_admin: role === "admin",
    csrf_token: "csrf-1",
    expires: "2026-12-08T12:00:00Z",
    idle_seconds: 1800,
    group_roles: [{ group_id: 1, group_name: "Default Group", role: role === "admin" ? "Administrator" : "Viewer" }],
  };
}

/**
 * Answers fetch from `routes` ("GET /api/v1/feed": a body, a Response, or a function of the call); anything else
 * is a 404 in the server's error shape. Returns the calls made, in order.
 */
export function fakeServer(routes: Record<string, Handler | unknown>, session: ConsoleSession = sessionOf("admin")): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "https://console.test");
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const call = { method, url, body };
    if (url.pathname === "/api/console/session") return json(200, session);
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    if (route === undefined) return json(404, { reason: "not_found", message: `route ${url.pathname} not found` });
    const answer = typeof route === "function" ? (route as Handler)(call) : route;
    return answer instanceof Response ? answer : json(200, answer);
  });
  return calls;
}

/**
 * What jsdom lacks: layout (elements get a size, so the virtualised tables render the rows of their viewport) and
 * modal dialogs (open and close set the attribute, which is what the pages and tests look at).
 */
export function prepareDom() {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1000 });
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { showModal?: () => void };
  proto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  proto.close = function (this: HTMLDialogElement) {
    if (!this.hasAttribute("open")) return;
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
}

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSessionApi();
  return state.status === "in" ? <>{children}</> : null;
}

function LocationProbe() {
  const l = useLocation();
  return <output data-testid="location">{l.pathname + l.search}</output>;
}

/** Renders a page at `path` (matched by `pattern`) for a signed-in user, with a fresh query cache (`client`). */
export function renderPage(element: ReactNode, path: string, pattern = "*") {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 0 }, mutations: { retry: false } } });
  const rendered = render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <SignedIn>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={pattern} element={element} />
            </Routes>
            <LocationProbe />
          </MemoryRouter>
        </SignedIn>
      </SessionProvider>
    </QueryClientProvider>,
  );
  return { ...rendered, client };
}
