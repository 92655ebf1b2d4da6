// The search page's whole state lives in the URL (/#/search?q=...&window=...&sort=...&start=...&rows=...&group=...),
// so back/forward, reload and a shared link all bring the analyst back to the same page of the same search.

import type { ProcessFacetField, ProcessSearchParams } from "../../api/process";
import { fieldInfo } from "../../query/fields";

export const TIME_WINDOWS = ["1h", "24h", "7d", "30d", "all", "custom"] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];

export const WINDOW_LABELS: Record<TimeWindow, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  all: "All time",
  custom: "Custom…",
};

const WINDOW_MS: Record<Exclude<TimeWindow, "all" | "custom">, number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export const PAGE_SIZES = [10, 100, 1000] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** process: one row per process (`cb.group=id`); segment: one row per stored segment. */
export type Grouping = "process" | "segment";

export interface SearchState {
  q: string;
  window: TimeWindow;
  /** Bounds of a custom window, UTC `YYYY-MM-DDThh:mm:ssZ`; either may be open. */
  from?: string;
  to?: string;
  /**
   * When a relative window ("last 24 hours") ends: the minute the search ran (minutes since the epoch). In the URL,
   * so paging, back/forward and reload repeat exactly the same search instead of one shifted to the present.
   */
  at?: number;
  /** `"<field> asc|desc"`. */
  sort: string;
  start: number;
  rows: PageSize;
  group: Grouping;
}

/** Carbon Black's own default order. */
export const DEFAULT_SORT = "last_update desc";

export const DEFAULT_STATE: SearchState = {
  q: "",
  window: "all",
  sort: DEFAULT_SORT,
  start: 0,
  rows: 100,
  group: "process",
};

const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

function parseSort(raw: string | null): string {
  if (!raw) return DEFAULT_SORT;
  const m = /^\s*([a-z0-9_]+)(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!m) return DEFAULT_SORT;
  const field = m[1].toLowerCase();
  if (!fieldInfo(field)?.sortable) return DEFAULT_SORT;
  return `${field} ${(m[2] ?? "asc").toLowerCase()}`;
}

/** The state a URL describes; anything missing or malformed falls back to the default. */
export function parseSearchState(params: URLSearchParams): SearchState {
  const window = TIME_WINDOWS.find((w) => w === params.get("window")) ?? DEFAULT_STATE.window;
  const rowsParam = Number(params.get("rows"));
  const rows = PAGE_SIZES.find((r) => r === rowsParam) ?? DEFAULT_STATE.rows;
  const startParam = Number(params.get("start"));
  const start = Number.isInteger(startParam) && startParam > 0 ? startParam : 0;
  const group: Grouping = params.get("group") === "segment" ? "segment" : "process";
  const state: SearchState = { q: params.get("q") ?? "", window, sort: parseSort(params.get("sort")), start, rows, group };
  const at = Number(params.get("at"));
  if (isRelative(window) && Number.isSafeInteger(at) && at > 0) state.at = at;
  if (window === "custom") {
    const from = params.get("from");
    const to = params.get("to");
    if (from && UTC_TIME.test(from)) state.from = from;
    if (to && UTC_TIME.test(to)) state.to = to;
  }
  return state;
}

/** The URL parameters of a state: every key written, so the URL says the whole search. */
export function toSearchParams(state: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  p.set("q", state.q);
  p.set("window", state.window);
  if (state.window === "custom") {
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
  }
  if (isRelative(state.window) && state.at !== undefined) p.set("at", String(state.at));
  p.set("sort", state.sort);
  p.set("start", String(state.start));
  p.set("rows", String(state.rows));
  p.set("group", state.group);
  return p;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A window that ends at the time the search ran ("last 24 hours"): it needs an anchor time. */
export function isRelative(window: TimeWindow): window is keyof typeof WINDOW_MS {
  return window in WINDOW_MS;
}

/** The current minute, as `at` holds it. */
export function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000);
}

/**
 * The window as the API's `cb.min_last_update` / `cb.max_last_update` (sensor clock, UTC): a relative one ends at
 * the state's anchor minute, or at `now` while it has none.
 */
export function windowBounds(state: SearchState, now: number): { min?: string; max?: string } {
  if (state.window === "all") return {};
  if (state.window === "custom") return { min: state.from, max: state.to };
  const end = state.at !== undefined ? state.at * 60_000 : now;
  return { min: iso(end - WINDOW_MS[state.window]) };
}

/** The facets the page shows, in the order it shows them. */
export const FACET_FIELDS: ProcessFacetField[] = [
  "process_name",
  "hostname",
  "username_full",
  "parent_name",
  "path_full",
  "group",
  "host_type",
  "start",
];

/** The API request for a page of results. */
export function resultsRequest(state: SearchState, now: number): ProcessSearchParams {
  const { min, max } = windowBounds(state, now);
  return {
    q: state.q,
    start: state.start,
    rows: state.rows,
    sort: state.sort,
    groupByProcess: state.group === "process",
    minLastUpdate: min,
    maxLastUpdate: max,
  };
}

/** The API request for the facets: the same search, no rows, independent of page and sort (so paging keeps them). */
export function facetsRequest(state: SearchState, now: number): ProcessSearchParams {
  const { min, max } = windowBounds(state, now);
  return {
    q: state.q,
    rows: 0,
    groupByProcess: state.group === "process",
    minLastUpdate: min,
    maxLastUpdate: max,
    facets: FACET_FIELDS,
  };
}

/** The start offset that keeps the first row on screen when the page size changes. */
export function alignedStart(start: number, rows: number): number {
  return Math.floor(start / rows) * rows;
}
