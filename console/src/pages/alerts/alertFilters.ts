// The alerts page's state, kept in the URL (`/#/alerts?status=Resolved&host=WIN-1&page=2`), and the search it makes:
// every filter becomes a clause of the query language in `q`, so the server counts and pages exactly what is shown.
import { ALERT_STATUSES, queryValue, type AlertSearchParams, type AlertStatus } from "../../api/alerts";

export type TimeWindow = "" | "1h" | "24h" | "7d" | "30d";

export const TIME_WINDOWS: { key: TimeWindow; label: string; hours: number }[] = [
  { key: "", label: "Any time", hours: 0 },
  { key: "1h", label: "Last hour", hours: 1 },
  { key: "24h", label: "Last 24 hours", hours: 24 },
  { key: "7d", label: "Last 7 days", hours: 168 },
  { key: "30d", label: "Last 30 days", hours: 720 },
];

/** The columns the server sorts alerts by (sortable fields of its alert catalogue). */
export const SORT_FIELDS = ["created_time", "report_score", "alert_severity", "hostname", "process_name", "status", "watchlist_name"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const PAGE_SIZES = [50, 100, 200, 500] as const;

export interface AlertFilters {
  /** One status, or null for any. */
  status: AlertStatus | null;
  minSeverity: number | null;
  maxSeverity: number | null;
  /** The report's score (a feed report's, or a watchlist's fixed one). */
  minScore: number | null;
  maxScore: number | null;
  /** A watchlist or feed name. */
  source: string;
  hostname: string;
  window: TimeWindow;
  /** More of the query language, ANDed with the rest. */
  query: string;
  sort: SortField;
  desc: boolean;
  /** 1-based. */
  page: number;
  rows: number;
}

/** What an analyst sees first: the open alerts, newest first (as Carbon Black's console opens). */
export const DEFAULT_FILTERS: AlertFilters = {
  status: "Unresolved",
  minSeverity: null,
  maxSeverity: null,
  minScore: null,
  maxScore: null,
  source: "",
  hostname: "",
  window: "",
  query: "",
  sort: "created_time",
  desc: true,
  page: 1,
  rows: 100,
};

function number(text: string | null, min: number, max: number): number | null {
  if (text === null || text.trim() === "") return null;
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  return Math.min(max, Math.max(min, n));
}

/** The filters a URL holds; anything missing or unreadable is the default. */
export function parseFilters(p: URLSearchParams): AlertFilters {
  const status = p.get("status");
  const sort = p.get("sort") as SortField | null;
  const rows = Number(p.get("rows"));
  const window = (p.get("window") ?? "") as TimeWindow;
  const page = Math.floor(Number(p.get("page")));
  return {
    status:
      status === null ? DEFAULT_FILTERS.status : (ALERT_STATUSES as readonly string[]).includes(status) ? (status as AlertStatus) : null,
    minSeverity: number(p.get("minsev"), 0, 100),
    maxSeverity: number(p.get("maxsev"), 0, 100),
    minScore: number(p.get("minscore"), -100, 100),
    maxScore: number(p.get("maxscore"), -100, 100),
    source: p.get("source") ?? "",
    hostname: p.get("host") ?? "",
    window: TIME_WINDOWS.some((w) => w.key === window) ? window : "",
    query: p.get("q") ?? "",
    sort: sort && SORT_FIELDS.includes(sort) ? sort : DEFAULT_FILTERS.sort,
    desc: p.get("dir") === null ? DEFAULT_FILTERS.desc : p.get("dir") !== "asc",
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    rows: (PAGE_SIZES as readonly number[]).includes(rows) ? rows : DEFAULT_FILTERS.rows,
  };
}

/** The URL of the filters: only what differs from the default, so a plain `/#/alerts` is the usual view. */
export function filtersToParams(f: AlertFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status !== DEFAULT_FILTERS.status) p.set("status", f.status ?? "any");
  if (f.minSeverity !== null) p.set("minsev", String(f.minSeverity));
  if (f.maxSeverity !== null) p.set("maxsev", String(f.maxSeverity));
  if (f.minScore !== null) p.set("minscore", String(f.minScore));
  if (f.maxScore !== null) p.set("maxscore", String(f.maxScore));
  if (f.source.trim()) p.set("source", f.source.trim());
  if (f.hostname.trim()) p.set("host", f.hostname.trim());
  if (f.window) p.set("window", f.window);
  if (f.query.trim()) p.set("q", f.query.trim());
  if (f.sort !== DEFAULT_FILTERS.sort) p.set("sort", f.sort);
  if (f.desc !== DEFAULT_FILTERS.desc) p.set("dir", f.desc ? "desc" : "asc");
  if (f.page > 1) p.set("page", String(f.page));
  if (f.rows !== DEFAULT_FILTERS.rows) p.set("rows", String(f.rows));
  return p;
}

/** The `q` of `/api/v2/alert` for the filters: one clause per filter, ANDed. */
export function alertQuery(f: AlertFilters): string {
  const clauses: string[] = [];
  if (f.status) clauses.push(`status:${queryValue(f.status)}`);
  if (f.minSeverity !== null || f.maxSeverity !== null) {
    clauses.push(`alert_severity:[${f.minSeverity ?? "*"} TO ${f.maxSeverity ?? "*"}]`);
  }
  if (f.minScore !== null || f.maxScore !== null) {
    clauses.push(`report_score:[${f.minScore ?? "*"} TO ${f.maxScore ?? "*"}]`);
  }
  if (f.source.trim()) {
    const v = queryValue(f.source);
    clauses.push(`(watchlist_name:${v} OR feed_name:${v})`);
  }
  if (f.hostname.trim()) clauses.push(`hostname:${queryValue(f.hostname)}`);
  const window = TIME_WINDOWS.find((w) => w.key === f.window);
  if (window && window.hours > 0) clauses.push(`created_time:-${window.hours}h`);
  if (f.query.trim()) clauses.push(`(${f.query.trim()})`);
  return clauses.join(" ");
}

export function searchParams(f: AlertFilters): AlertSearchParams {
  return { q: alertQuery(f), sort: `${f.sort} ${f.desc ? "desc" : "asc"}`, start: (f.page - 1) * f.rows, rows: f.rows };
}

export function pageCount(total: number, rows: number): number {
  return Math.max(1, Math.ceil(total / rows));
}
