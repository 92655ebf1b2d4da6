import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createHashRouter, RouterProvider, type RouteObject } from "react-router";
import type { ReactNode } from "react";
import { SessionProvider, useSessionApi } from "../api/session";
import { fakeServer, session } from "../pages/sensors/testSupport";
import { consoleRoutes } from "./App";

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSessionApi();
  return state.status === "in" ? <>{children}</> : null;
}

/** The console's route tree (layout, error boundary) around test pages, under the hash router, at `hash`. */
function renderConsole(pages: RouteObject[], hash: string) {
  window.location.hash = hash;
  fakeServer(session(), () => undefined);
  const router = createHashRouter(consoleRoutes(pages));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <SignedIn>
          <RouterProvider router={router} />
        </SignedIn>
      </SessionProvider>
    </QueryClientProvider>,
  );
  return router;
}

afterEach(() => vi.unstubAllGlobals());

describe("the console's layout", () => {
  it("skips to the content without leaving the page", async () => {
    renderConsole([{ path: "alerts", element: <h1>Alerts page</h1> }], "#/alerts?status=any");
    await screen.findByRole("heading", { name: "Alerts page" });
    await userEvent.click(screen.getByRole("link", { name: "Skip to content" }));
    expect(document.activeElement).toBe(document.getElementById("main"));
    expect(window.location.hash).toBe("#/alerts?status=any");
    expect(screen.getByRole("heading", { name: "Alerts page" })).toBeInTheDocument();
  });

  it("shows a page whose code could not be loaded as such, with Reload, inside the layout", async () => {
    renderConsole(
      [{ path: "search", lazy: () => Promise.reject(new TypeError("Failed to fetch dynamically imported module: /assets/SearchPage-OLD.js")) }],
      "#/search",
    );
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { level: 1 })).toHaveTextContent("This page could not be loaded");
    expect(alert).toHaveTextContent("updated since this tab opened it");
    expect(within(alert).getByRole("button", { name: "Reload" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Log out" })).toBeInTheDocument();
  });

  it("shows a page that failed while drawing, and the other pages still open", async () => {
    const Broken = () => {
      throw new Error("cannot read properties of undefined (reading 'results')");
    };
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const router = renderConsole(
      [
        { path: "alerts", Component: Broken },
        { path: "sensors", element: <h1>Sensors page</h1> },
      ],
      "#/alerts",
    );
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { level: 1 })).toHaveTextContent("Something went wrong on this page");
    expect(alert).toHaveTextContent("reading 'results'");
    await router.navigate("/sensors");
    expect(await screen.findByRole("heading", { name: "Sensors page" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
