// Threat intelligence: feeds, their reports, watchlists and the actions of both (reference rest_api.md §4.8–§4.10,
// §5.8–§5.10; the server's FeedApi, ThreatReportApi and WatchlistApi). Shapes as the server answers them.
import { api } from "./client";

/** The search envelope of report and alert searches (reference §1.3). */
export interface SearchEnvelope<T> {
  results: T[];
  total_results: number;
  start: number;
  facets?: Record<string, { name: string | number; value: number }[]>;
}

/** A feed (§5.9). The last four keys are Lampblack's own (absent on servers before them). */
export interface Feed {
  id: number;
  name: string;
  display_name: string;
  enabled: boolean;
  feed_url: string;
  provider_url: string;
  summary: string;
  tech_data: string;
  category: string;
  icon: string;
  icon_small: string;
  provider_rating: number | null;
  local_rating: number | null;
  order: number;
  manually_added: boolean;
  use_proxy: boolean;
  validate_server_cert: boolean;
  username: string;
  /** "********" when set: write-only. */
  password: string;
  last_sync?: string | null;
  last_sync_error?: string;
  report_count?: number;
  ioc_count?: number;
}

/** What adding a feed sends (§4.9): the server fetches the URL first and names the feed from its document. */
export interface NewFeed {
  feed_url: string;
  enabled: boolean;
  validate_server_cert: boolean;
  use_proxy: boolean;
  username?: string;
  password?: string;
}

export interface QueryIoc {
  index_type: string;
  search_query: string;
}

/** A feed's threat report (§5.10). */
export interface ThreatReport {
  id: string;
  feed_id: number;
  feed_name: string;
  title: string;
  score: number;
  link: string;
  /** Epoch seconds. */
  timestamp: number;
  description: string;
  tags: string[];
  is_ignored: boolean;
  /** md5, sha256, ipv4, ipv6, dns, ja3, ja3s: lists of values; query: one {index_type, search_query}. */
  iocs: Record<string, string[] | QueryIoc[]>;
}

export type IndexType = "events" | "modules";

/** A watchlist (§5.8): ids and hit totals are strings, times in Carbon Black's database format. */
export interface Watchlist {
  id: string;
  name: string;
  search_query: string;
  index_type: IndexType;
  enabled: boolean;
  description: string;
  date_added: string;
  last_hit: string | null;
  last_hit_count: number;
  total_hits: string;
  total_tags: string;
  search_timestamp: string | null;
  readonly: boolean;
  group_id: number;
  last_execution_time_ms?: number;
}

/** An action of a watchlist or a feed (§4.8, §4.9). */
export interface IntelAction {
  id: number;
  action_type: ActionType;
  /** JSON text, e.g. {"url": "..."} for an HTTP POST. */
  action_data: string;
  watchlist_id: number;
  group_id: number;
}

export const ACTION_TYPES = [
  { type: 0, label: "E-mail me", hint: "mails the user who turned it on" },
  { type: 1, label: "Log to syslog", hint: "the server's syslog destination" },
  { type: 2, label: "HTTP POST", hint: "posts each hit as JSON to a URL" },
  { type: 3, label: "Create an alert", hint: "alerts appear on the Alerts page" },
] as const;
export type ActionType = 0 | 1 | 2 | 3;

export type ActionOwner = { kind: "feed"; id: number } | { kind: "watchlist"; id: string };

function ownerPath(o: ActionOwner) {
  return o.kind === "feed" ? `/api/v1/feed/${o.id}/action` : `/api/v1/watchlist/${encodeURIComponent(o.id)}/action`;
}

// ---- search_query: the URL-encoded form watchlists keep (cb.urlver=1&q=...) -------------------------------------

/** The query text of a watchlist's search_query, and the other parameters it carries (kept as they are on edit). */
export function parseSearchQuery(searchQuery: string): { q: string; rest: [string, string][] } {
  const params = new URLSearchParams(searchQuery);
  let q = "";
  const rest: [string, string][] = [];
  for (const [k, v] of params) {
    if (k === "q") q = v;
    else if (k !== "cb.urlver") rest.push([k, v]);
  }
  return { q, rest };
}

/** The search_query for a query text: cb.urlver=1 first, the query fully percent-encoded, other parameters kept. */
export function buildSearchQuery(q: string, rest: [string, string][] = []): string {
  const parts = ["cb.urlver=1", `q=${encodeURIComponent(q)}`];
  for (const [k, v] of rest) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.join("&");
}

/** How many indicators a report carries (a query indicator counts as one). */
export function iocCount(r: Pick<ThreatReport, "iocs">): number {
  let n = 0;
  for (const [k, v] of Object.entries(r.iocs ?? {})) {
    if (!Array.isArray(v)) continue;
    n += k === "query" ? Math.min(1, v.length) : v.length;
  }
  return n;
}

/** Counts per feed id from a facet on feed_id. */
export function countsByFeed(envelope: SearchEnvelope<unknown>): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of envelope.facets?.feed_id ?? []) out.set(Number(e.name), e.value);
  return out;
}

// ---- feeds ------------------------------------------------------------------------------------------------------

export const feedsApi = {
  list: () => api.get<Feed[]>("/api/v1/feed"),
  add: (f: NewFeed) => api.post<Feed>("/api/v1/feed", f),
  /** The server keeps what the body leaves out. */
  update: (id: number, changes: Partial<Feed>) => api.put<{ result: string }>(`/api/v1/feed/${id}`, changes),
  remove: (id: number) => api.del<{ result: string }>(`/api/v1/feed/${id}`),
  synchronize: (id: number) => api.post<{ result: string }>(`/api/v1/feed/${id}/synchronize`, { full_sync: true }),
  /** Feed hits, counted as the alerts each feed raised (the server's report statistics count the same way). */
  hitsByFeed: () =>
    api.get<SearchEnvelope<unknown>>("/api/v2/alert", { q: "", rows: 0, facet: true, "facet.field": "feed_id" }).then(countsByFeed),
  /** Reports per feed, for servers whose feed objects do not carry report_count. */
  reportsByFeed: () =>
    api.get<SearchEnvelope<unknown>>("/api/v1/threat_report", { q: "", rows: 0, facet: true, "facet.field": "feed_id" }).then(countsByFeed),
};

// ---- threat reports ---------------------------------------------------------------------------------------------

export interface ReportQuery {
  feedId: number;
  /** Extra query text ANDed with the feed, e.g. a title word. */
  text?: string;
  /** Only ignored (true), only heeded (false), or both (undefined). */
  ignored?: boolean;
  start: number;
  rows: number;
  sort?: string;
}

export function reportQueryText(r: Pick<ReportQuery, "feedId" | "text" | "ignored">): string {
  const parts = [`feed_id:${r.feedId}`];
  if (r.ignored !== undefined) parts.push(`is_ignored:${r.ignored}`);
  const text = r.text?.trim();
  if (text) parts.push(`(${text})`);
  return parts.join(" ");
}

export const reportsApi = {
  search: (r: ReportQuery, signal?: AbortSignal) =>
    api.get<SearchEnvelope<ThreatReport>>(
      "/api/v1/threat_report",
      { "cb.urlver": 1, q: reportQueryText(r), start: r.start, rows: r.rows, sort: r.sort },
      signal,
    ),
  /** Ignores or heeds the given reports of one feed. */
  setIgnored: (feedId: number, reportIds: string[], ignored: boolean) =>
    api.post<{ result: string }>("/api/v1/threat_report", { ids: { [String(feedId)]: reportIds }, updates: { is_ignored: ignored } }),
};

// ---- watchlists -------------------------------------------------------------------------------------------------

export interface WatchlistInput {
  name: string;
  index_type: IndexType;
  search_query: string;
  description: string;
  enabled: boolean;
}

export const watchlistsApi = {
  list: () => api.get<Watchlist[]>("/api/v1/watchlist"),
  create: (w: WatchlistInput) => api.post<Watchlist>("/api/v1/watchlist", w),
  update: (id: string, changes: Partial<WatchlistInput>) =>
    api.put<{ result: string }>(`/api/v1/watchlist/${encodeURIComponent(id)}`, changes),
  remove: (id: string) => api.del<{ result: string }>(`/api/v1/watchlist/${encodeURIComponent(id)}`),
};

// ---- actions ----------------------------------------------------------------------------------------------------

export const actionsApi = {
  list: (o: ActionOwner) => api.get<IntelAction[]>(ownerPath(o)),
  add: (o: ActionOwner, type: ActionType, data: string) =>
    api.post<{ id: number }>(ownerPath(o), {
      action_type: type,
      action_data: data,
      // The two owners name themselves in different keys (§4.8, §4.9); the other one is -1.
      ...(o.kind === "feed" ? { group_id: o.id, watchlist_id: -1 } : { watchlist_id: Number(o.id) }),
    }),
  update: (o: ActionOwner, action: IntelAction, data: string) =>
    api.put<{ result: string }>(`${ownerPath(o)}/${action.id}`, { ...action, action_data: data }),
  remove: (o: ActionOwner, actionId: number) => api.del<{ result: string }>(`${ownerPath(o)}/${actionId}`),
};

/** The URL of an HTTP POST action's data, or "" when it has none. */
export function actionUrl(data: string): string {
  try {
    const parsed: unknown = JSON.parse(data || "{}");
    if (parsed && typeof parsed === "object" && typeof (parsed as { url?: unknown }).url === "string") return (parsed as { url: string }).url;
  } catch {
    // not JSON: no URL
  }
  return "";
}
