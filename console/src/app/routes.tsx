import type { RouteObject } from "react-router";

// Every page is its own chunk, loaded when first visited: the first load carries only the shell.
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, "lazy"> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  { index: true, ...page(() => import("../pages/dashboard/DashboardPage")) },
  { path: "search", ...page(() => import("../pages/search/SearchPage")) },
  { path: "analyze/:guid", ...page(() => import("../pages/analyze/AnalyzePage")) },
  { path: "analyze/:guid/:segment", ...page(() => import("../pages/analyze/AnalyzePage")) },
  { path: "binary/:md5", ...page(() => import("../pages/binary/BinaryPage")) },
  { path: "sensors", ...page(() => import("../pages/sensors/SensorsPage")) },
  { path: "sensors/:id", ...page(() => import("../pages/sensors/SensorPage")) },
  { path: "alerts", ...page(() => import("../pages/alerts/AlertsPage")) },
  { path: "intel", ...page(() => import("../pages/intel/IntelPage")) },
  { path: "intel/:tab", ...page(() => import("../pages/intel/IntelPage")) },
  { path: "live", ...page(() => import("../pages/live/LivePage")) },
  { path: "live/:sensorId", ...page(() => import("../pages/live/LivePage")) },
  { path: "admin", ...page(() => import("../pages/admin/AdminPage")) },
  { path: "admin/:tab", ...page(() => import("../pages/admin/AdminPage")) },
  { path: "account", ...page(() => import("../pages/account/AccountPage")) },
  { path: "*", ...page(() => import("../pages/NotFoundPage")) },
];

/** The navigation, in the order an analyst works. */
export const nav: { to: string; label: string; adminOnly?: boolean }[] = [
  { to: "/", label: "Dashboard" },
  { to: "/search", label: "Process search" },
  { to: "/alerts", label: "Alerts" },
  { to: "/sensors", label: "Sensors" },
  { to: "/intel", label: "Threat intel" },
  { to: "/live", label: "Live response" },
  { to: "/admin", label: "Administration", adminOnly: true },
];
