// Process search (GET /api/v1/process, reference rest_api §4.2 and §1.3) and the process document it returns (§5.2),
// checked against the server's answers. Shared with the process analysis pages.

import { api, type Query } from "./client";
import type { Narrowed } from "./narrowed";
import type { SearchEnvelope, WatchlistDocument } from "./wire";

/**
 * A process segment as search results, summaries (`process`, `parent`, children) and events carry it. Hand-written
 * (from §5.2 and the server's answers): the server stores and serves these documents as JSON as the sensors' events
 * built them, never as records, so nothing is generated for them.
 */
export interface ProcessDocument {
  /** Process GUID (36 characters). */
  id: string;
  /** `<guid>-<segment in 12 hex digits>`. */
  unique_id: string;
  /** Decimal segment id (epoch ms of the segment on 6.x). */
  segment_id: number;
  parent_unique_id?: string;
  parent_id?: string;
  parent_name?: string;
  parent_pid?: number;
  parent_md5?: string;
  process_name: string;
  path: string;
  cmdline: string;
  process_md5: string;
  process_sha256?: string;
  process_pid: number;
  username: string;
  uid?: string;
  hostname: string;
  group?: string;
  host_type?: string;
  os_type?: string;
  sensor_id: number;
  /** Solr timestamps (`...Z`); `start` may be -1 when unknown. */
  start: string;
  last_update: string;
  last_server_update?: string;
  min_last_update?: string;
  max_last_update?: string;
  min_last_server_update?: string;
  max_last_server_update?: string;
  end?: string;
  terminated: boolean;
  modload_count: number;
  filemod_count: number;
  regmod_count: number;
  netconn_count: number;
  childproc_count: number;
  crossproc_count: number;
  processblock_count?: number;
  emet_count?: number;
  /** Signed 32-bit IPv4 or dotted string. */
  comms_ip?: number | string;
  interface_ip?: number | string;
  filtering_known_dlls?: boolean;
  current_segment?: number;
  /** Watchlists that tagged the process; `value` is the time of the hit. */
  watchlists?: { wid: string; value: string; segments_hit?: number[] }[];
  /** `alliance_score_<feed>`, `alliance_link_<feed>`, ... from threat feeds. */
  [feedKey: `alliance_${string}`]: unknown;
}

/**
 * One facet value: `value` its count, `percent` relative to the largest (100), `ratio` its share of all, in %.
 * Hand-written: the server builds facet entries as maps. `name` is a string for keyword facets and day buckets
 * (ISO-8601), a number for numeric ones (`hour_of_day`, `day_of_week`, numeric fields).
 */
export type FacetEntry = {
  name: string | number;
  value: number;
  percent: number;
  ratio: number;
};

/** A matched value wrapped in `PREPREPRE...POSTPOSTPOST`, and the rows holding it. */
export type Highlight = { name: string; ids: string[] };

/**
 * The search envelope (reference §1.3–1.4; the server's SearchEnvelope) of a process search: facets field → values,
 * largest count first (`{}` without `facet=true`); the process-only keys (`comprehensive_search`, ...) after them.
 */
export type ProcessSearchResponse = Narrowed<
  SearchEnvelope,
  { results: ProcessDocument[]; highlights: Highlight[]; facets: Record<string, FacetEntry[]> }
>;

/** The process facet fields (reference §5). */
export type ProcessFacetField =
  | "process_md5"
  | "hostname"
  | "group"
  | "path_full"
  | "parent_name"
  | "process_name"
  | "host_type"
  | "username_full"
  | "hour_of_day"
  | "day_of_week"
  | "start";

export interface ProcessSearchParams {
  q: string;
  start?: number;
  /** 0 = count and facets only. */
  rows?: number;
  /** `"<field> asc|desc"`; the server's default is `last_update desc`. */
  sort?: string;
  /** One row per process (`cb.group=id`) instead of one per segment. */
  groupByProcess?: boolean;
  /** Facets to count; none = no facets. */
  facets?: ProcessFacetField[];
  /** Window on the sensor-clock `last_update` (UTC ISO times). */
  minLastUpdate?: string;
  maxLastUpdate?: string;
}

/** The query string the search sends, also the form a watchlist stores (`cb.urlver=1&q=...`). */
export function processSearchQuery(p: ProcessSearchParams): Query {
  const facets = p.facets ?? [];
  return {
    "cb.urlver": 1,
    q: p.q,
    start: p.start ?? 0,
    rows: p.rows ?? 10,
    sort: p.sort,
    "cb.group": p.groupByProcess ? "id" : undefined,
    "cb.min_last_update": p.minLastUpdate,
    "cb.max_last_update": p.maxLastUpdate,
    facet: facets.length ? "true" : "false",
    "facet.field": facets.length ? facets : undefined,
  };
}

/** A page of a process search. Failures are ApiErrors; a bad query is 400 `query_malformed_syntax`. */
export function searchProcesses(params: ProcessSearchParams, signal?: AbortSignal): Promise<ProcessSearchResponse> {
  return api.get<ProcessSearchResponse>("/api/v1/process", processSearchQuery(params), signal);
}

/** The console's link to a process (Carbon Black's `webui_link` form): `/analyze/<guid>/<segment>`. */
export function processPath(doc: Pick<ProcessDocument, "id" | "unique_id" | "segment_id">): string {
  const guid = doc.id || doc.unique_id.slice(0, 36);
  return `/analyze/${guid}/${doc.segment_id}`;
}

/**
 * The feed scores of a document (its `alliance_score_<feed>` keys: a process, a segment or a binary), highest first,
 * ties by feed name.
 */
export function feedScores(doc: object): { feed: string; score: number }[] {
  const out: { feed: string; score: number }[] = [];
  for (const [key, v] of Object.entries(doc)) {
    if (key.startsWith("alliance_score_") && v !== null && v !== undefined && v !== "" && !Number.isNaN(Number(v))) {
      out.push({ feed: key.slice("alliance_score_".length), score: Number(v) });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.feed.localeCompare(b.feed));
}

/** Whether any threat feed scored the document (cheaper than {@link feedScores} when only that matters). */
export function hasFeedScore(doc: ProcessDocument): boolean {
  for (const key in doc) if (key.startsWith("alliance_score_")) return true;
  return false;
}

/** What POST /api/v1/watchlist answers (the server returns the whole watchlist, WatchlistDocument): what is read of it. */
export type CreatedWatchlist = Pick<WatchlistDocument, "id" | "name" | "search_query" | "index_type" | "enabled">;

/** Saves a process query as a watchlist (global administrators only; the server checks the query first). */
export function createProcessWatchlist(name: string, q: string): Promise<CreatedWatchlist> {
  const search_query = "cb.urlver=1&q=" + encodeURIComponent(q);
  return api.post<CreatedWatchlist>("/api/v1/watchlist", { name, index_type: "events", search_query });
}
