// Threat intelligence: feeds, their reports, watchlists and the actions of both (reference rest_api.md §4.8–§4.10,
// §5.8–§5.10; the server's FeedApi, ThreatReportApi and WatchlistApi). Shapes as the server answers them.
import { api } from "./client";
import type { Narrowed } from "./narrowed";
import type { ActionCreated, ActionDocument, FeedDocument, Result, SearchEnvelope as WireSearchEnvelope, WatchlistDocument } from "./wire";

/** A facet value of a report or alert search (§1.3; hand-written: facet entries are maps on the server). */
export type FacetCount = { name: string | number; value: number };

/** The search envelope of report and alert searches (reference §1.3; the server's SearchEnvelope), rows of type T. */
export type SearchEnvelope<T> = Narrowed<WireSearchEnvelope, { results: T[]; facets: Record<string, FacetCount[]> }>;

/**
 * A feed (§5.9; the server's FeedDocument). Secrets read "********" when set (write-only). After the reference's keys
 * come Lampblack's: `last_sync` (null before the first), `last_sync_error` (empty when it worked), `report_count`,
 * `ioc_count`.
 */
export type Feed = FeedDocument;

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

/**
 * A feed's threat report (§5.10). Hand-written: the server builds report documents as JSON objects
 * (intel.ThreatReports), not records, so nothing is generated for them.
 */
export type ThreatReport = {
  id: string;
  feed_id: number;
  feed_name: string;
  feed_category: string;
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
};

export type IndexType = "events" | "modules";

/**
 * A watchlist (§5.8; the server's WatchlistDocument): ids and hit totals are strings, times in Carbon Black's
 * database format (`last_hit`, `search_timestamp` null until the first). The record holds `index_type` as a String;
 * the server writes only these two.
 */
export type Watchlist = Narrowed<WatchlistDocument, { index_type: IndexType }>;

/**
 * An action of a watchlist or a feed (§4.8, §4.9; the server's ActionDocument): `action_data` is JSON text, e.g.
 * {"url": "..."} for an HTTP POST; the owner's id is in `watchlist_id` or, for a feed, `group_id`, the other -1.
 */
export type IntelAction = Narrowed<ActionDocument, { action_type: ActionType }>;

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
export function countsByFeed(envelope: Pick<SearchEnvelope<unknown>, "facets">): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of envelope.facets.feed_id ?? []) out.set(Number(e.name), e.value);
  return out;
}

// ---- feeds ------------------------------------------------------------------------------------------------------

export const feedsApi = {
  list: () => api.get<Feed[]>("/api/v1/feed"),
  add: (f: NewFeed) => api.post<Feed>("/api/v1/feed", f),
  /** The server keeps what the body leaves out. */
  update: (id: number, changes: Partial<Feed>) => api.put<Result>(`/api/v1/feed/${id}`, changes),
  remove: (id: number) => api.del<Result>(`/api/v1/feed/${id}`),
  synchronize: (id: number) => api.post<Result>(`/api/v1/feed/${id}/synchronize`, { full_sync: true }),
  /** Feed hits, counted as the alerts each feed raised (the server's report statistics count the same way). */
  hitsByFeed: () =>
    api.get<SearchEnvelope<unknown>>("/api/v2/alert", { q: "", rows: 0, facet: true, "facet.field": "feed_id" }).then(countsByFeed),
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
    api.post<Result>("/api/v1/threat_report", { ids: { [String(feedId)]: reportIds }, updates: { is_ignored: ignored } }),
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
  update: (id: string, changes: Partial<WatchlistInput>) => api.put<Result>(`/api/v1/watchlist/${encodeURIComponent(id)}`, changes),
  remove: (id: string) => api.del<Result>(`/api/v1/watchlist/${encodeURIComponent(id)}`),
};

// ---- actions ----------------------------------------------------------------------------------------------------

export const actionsApi = {
  list: (o: ActionOwner) => api.get<IntelAction[]>(ownerPath(o)),
  add: (o: ActionOwner, type: ActionType, data: string) =>
    api.post<ActionCreated>(ownerPath(o), {
      action_type: type,
      action_data: data,
      // The two owners name themselves in different keys (§4.8, §4.9); the other one is -1.
      ...(o.kind === "feed" ? { group_id: o.id, watchlist_id: -1 } : { watchlist_id: Number(o.id) }),
    }),
  update: (o: ActionOwner, action: IntelAction, data: string) =>
    api.put<Result>(`${ownerPath(o)}/${action.id}`, { ...action, action_data: data }),
  remove: (o: ActionOwner, actionId: number) => api.del<Result>(`${ownerPath(o)}/${actionId}`),
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
