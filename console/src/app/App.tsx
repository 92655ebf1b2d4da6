import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createHashRouter, RouterProvider, type RouteObject } from "react-router";
import { SessionProvider, useSessionApi } from "../api/session";
import { ApiError } from "../api/client";
import { LoginPage } from "../pages/LoginPage";
import { Layout } from "./Layout";
import { RouteError } from "./RouteError";
import { routes } from "./routes";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Analysts go back and forth between pages: what was fetched stays shown while it is fetched again.
      staleTime: 15_000,
      gcTime: 10 * 60_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});

/**
 * The route tree around the pages: the layout, and inside it an error boundary, so a page that fails to load (a chunk
 * gone after an upgrade) or throws while drawing shows what happened and Reload where the page would be, with the
 * navigation kept. Should the layout itself fail, the same message shows alone.
 */
export function consoleRoutes(pages: RouteObject[]): RouteObject[] {
  return [{ path: "/", element: <Layout />, errorElement: <RouteError />, children: [{ errorElement: <RouteError />, children: pages }] }];
}

// The hash router: the URL holds the whole page state, and /#/analyze/<guid>/<segment> is Carbon Black's webui_link.
const router = createHashRouter(consoleRoutes(routes));

function Gate() {
  const { state } = useSessionApi();
  if (state.status === "loading") return <div className="boot" aria-busy="true" />;
  if (state.status === "anonymous") return <LoginPage expired={state.expired} />;
  return <RouterProvider router={router} />;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </QueryClientProvider>
  );
}
