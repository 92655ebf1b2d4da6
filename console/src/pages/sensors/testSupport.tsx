// Test support for the sensors and alerts pages: a fake server (fetch answering the reference's shapes, recording what
// was asked), a signed-in session with chosen roles, and a router at a chosen URL.
import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { SessionProvider, useSessionApi, type ConsoleSession } from "../../api/session";
import { sessionOf } from "../../testing/session";
import type { Sensor } from "../../api/sensors";

export const session = sessionOf;

export interface Call {
  method: string;
  url: URL;
  body: unknown;
  headers: Record<string, string>;
}

export type Handler = (call: Call) => { status?: number; body?: unknown; headers?: Record<string, string> } | undefined;

/**
 * Stubs fetch: the session route answers `who`; every other call goes to `handler` (undefined: 404). The calls are
 * recorded, newest last.
 */
export function fakeServer(who: ConsoleSession, handler: Handler) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "https://console.test");
    const method = (init?.method ?? "GET").toUpperCase();
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call = { method, url, body, headers };
    let answer: ReturnType<Handler>;
    if (url.pathname === "/api/console/session") answer = { body: who };
    else {
      calls.push(call);
      answer = handler(call);
    }
    const status = answer?.status ?? (answer ? 200 : 404);
    const payload = answer?.body === undefined ? (answer ? undefined : { reason: "not_found", message: "not found" }) : answer.body;
    if (status === 204 || payload === undefined) return new Response(null, { status: status === 200 ? 204 : status });
    return new Response(JSON.stringify(payload), {
      status,
      headers: { "Content-Type": "application/json; charset=utf-8", ...(answer?.headers ?? {}) },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSessionApi();
  return state.status === "in" ? <>{children}</> : <p>signing in</p>;
}

/** Where the router is now (path and search), for tests of the URL state. */
export function LocationProbe() {
  const l = useLocation();
  return <output data-testid="location">{l.pathname + l.search}</output>;
}

/** Renders `element` at `url` under `path`, signed in, with a fresh query cache. */
export function renderAt(url: string, path: string, element: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 15_000 }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <SignedIn>
          <MemoryRouter initialEntries={[url]}>
            <Routes>
              <Route
                path={path}
                element={
                  <>
                    {element}
                    <LocationProbe />
                  </>
                }
              />
              <Route path="*" element={<LocationProbe />} />
            </Routes>
          </MemoryRouter>
        </SignedIn>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

/** jsdom lays nothing out: give scrolling areas a size so the virtualised tables render their rows. */
export function giveElementsASize() {
  const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
  const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientWidth");
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
    Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
  });
  afterAll(() => {
    if (height) Object.defineProperty(HTMLElement.prototype, "clientHeight", height);
    if (width) Object.defineProperty(HTMLElement.prototype, "clientWidth", width);
  });
}

/**
 * A sensor document as the server sends it (§5.6; every key of its SensorDocument record, the constant ones as the
 * server writes them), online and not isolated unless told otherwise.
 */
export function sensorDoc(id: number, overrides: Partial<Sensor> = {}): Sensor {
  return {
    boot_id: "0",
    build_id: 0,
    build_version_string: "sim-1.0",
    clock_delta: "0",
    computer_dns_name: `host-${id}.example.test`,
    computer_name: `HOST-${id}`,
    computer_sid: "",
    cookie: 0,
    display: true,
    dropped_eventlogs: "0",
    dropped_events: "0",
    emet_dump_flags: "",
    emet_exploit_action: "",
    emet_is_gpo: false,
    emet_process_count: 0,
    emet_report_setting: "",
    emet_telemetry_path: "",
    emet_version: "",
    event_log_flush_time: null,
    group_id: 1,
    id,
    is_isolating: false,
    last_checkin_time: "2026-12-08 00:29:40.755856+00:00",
    last_update: "2026-12-08 00:29:40.755856+00:00",
    license_expiration: "1990-01-01 00:00:00.000000+00:00",
    network_adapters: `10.0.0.${id},00505600aa0${id % 10}|`,
    network_isolation_enabled: false,
    next_checkin_time: "2026-12-08 00:30:10.755856+00:00",
    node_id: 0,
    notes: "",
    num_eventlog_bytes: "0",
    num_storefiles_bytes: "0",
    os_environment_display_string: "Windows 10 Enterprise",
    os_environment_id: 0,
    os_type: 1,
    parity_host_id: "0",
    physical_memory_size: "17179869184",
    power_state: 0,
    registration_time: "2026-12-08 00:25:55.466433+00:00",
    restart_queued: false,
    sensor_health_message: "",
    sensor_health_status: 100,
    sensor_uptime: "225",
    shard_id: 0,
    status: "Online",
    supports_2nd_gen_modloads: false,
    supports_cblr: true,
    supports_isolation: true,
    systemvolume_free_size: "137438953472",
    systemvolume_total_size: "274877906944",
    uninstall: false,
    uninstalled: false,
    uptime: "3825",
    ...overrides,
  };
}

/** jsdom has no modal dialogs: showModal and close only toggle `open`, enough for ConfirmDialog. */
export function polyfillDialog() {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { showModal?: () => void; close?: () => void };
  if (!proto.showModal) {
    proto.showModal = function (this: HTMLDialogElement) {
      this.setAttribute("open", "");
    };
  }
  if (!proto.close) {
    proto.close = function (this: HTMLDialogElement) {
      this.removeAttribute("open");
    };
  }
}
