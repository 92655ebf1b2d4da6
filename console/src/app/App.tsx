import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createHashRouter, RouterProvider } from "react-router";
import { SessionProvider, useSessionApi } from "../api/session";
import { ApiError } from "../api/client";
import { LoginPage } from "../pages/LoginPage";
import { Layout } from "./Layout";
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

// The hash router: the URL holds the whole page state, and /#/analyze/<guid>/<segment> is Carbon Black's webui_link.
const router = createHashRouter([{ path: "/", element: <Layout />, children: routes }]);

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
