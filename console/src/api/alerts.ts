// Alerts (reference rest_api.md §4.11, §5.11; server AlertApi): search through `/api/v2/alert` with the query
// language, and triage many at once as cbapi's AlertQuery.change_status() does (`POST /api/v1/alerts`).
import { api } from "./client";
import type { Narrowed } from "./narrowed";
import type { BulkChange, SearchEnvelope } from "./wire";

/** The statuses an analyst sets, in the server's spelling. */
export const ALERT_STATUSES = ["Unresolved", "In Progress", "Resolved", "False Positive"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * An alert document (§5.11): the fields the console reads. Hand-written: the server builds alert documents as JSON
 * objects (alert.Alerts), not records, so nothing is generated for them. The process keys are there only for an
 * alert on a process (`watchlist.hit.*.process`); `segment_id` is the segment's number, `watchlist_id` a string (a
 * feed report's id for feed alerts), `created_time` ISO-8601.
 */
export type Alert = {
  unique_id: string;
  alert_type: string;
  status: string;
  report_score: number;
  alert_severity: number;
  created_time: string;
  feed_id: number;
  feed_name: string;
  watchlist_id: string;
  watchlist_name: string;
  process_name?: string;
  process_id?: string;
  segment_id?: number;
  process_path?: string;
  md5: string;
  sensor_id: number;
  hostname: string;
  group: string;
  os_type: string;
  username?: string;
  assigned_to: string;
  ioc_type: string;
  ioc_value: string;
};

/** One facet value (§1.3; hand-written: facet entries are maps on the server). */
export type FacetValue = {
  name: string;
  value: number;
};

/** An alert search: the server's SearchEnvelope, its rows the alert documents. */
export type AlertSearch = Narrowed<SearchEnvelope, { results: Alert[]; facets: Record<string, FacetValue[]> }>;

/** cbapi sends at most this many ids per bulk request. */
export const BULK_BATCH = 500;

export interface AlertSearchParams {
  q: string;
  sort: string;
  start: number;
  rows: number;
}

export const alertsApi = {
  search: (p: AlertSearchParams, signal?: AbortSignal) =>
    api.get<AlertSearch>(
      "/api/v2/alert",
      { "cb.urlver": 1, q: p.q, sort: p.sort, start: p.start, rows: p.rows, facet: "false" },
      signal,
    ),
  /** The watchlist and feed names there are alerts of, for the source filter's suggestions. */
  sources: (signal?: AbortSignal) =>
    api.get<AlertSearch>(
      "/api/v2/alert",
      { "cb.urlver": 1, q: "", rows: 0, start: 0, facet: "true", "facet.field": ["watchlist_name", "feed_name"] },
      signal,
    ),
  /** Sets the status of the alerts, in batches as cbapi sends them; the summed outcome. */
  async changeStatus(ids: string[], status: AlertStatus): Promise<{ changed: number; skipped: number }> {
    let changed = 0;
    let skipped = 0;
    for (let i = 0; i < ids.length; i += BULK_BATCH) {
      const batch = ids.slice(i, i + BULK_BATCH);
      const r = await api.post<BulkChange>("/api/v1/alerts", { alert_ids: batch, requested_status: status });
      changed += r.changed;
      skipped += r.skipped;
    }
    return { changed, skipped };
  },
};

/** Where an alert leads: its process (the analysis page, in webui_link form) or, for a binary alert, the binary. */
export function alertTarget(a: Alert): { kind: "process" | "binary"; path: string } | null {
  const processId = a.process_id;
  const isBinary = a.alert_type.includes(".binary") || !processId;
  if (!isBinary && processId) {
    const segment = a.segment_id === undefined ? "" : `/${a.segment_id}`;
    return { kind: "process", path: `/analyze/${processId}${segment}` };
  }
  if (a.md5) return { kind: "binary", path: `/binary/${a.md5.toUpperCase()}` };
  return null;
}

/** A value for a query clause: bare when it is one plain token (wildcards kept), else a quoted phrase. */
export function queryValue(v: string): string {
  const t = v.trim();
  if (/^[^\s"()\\]+$/.test(t)) return t;
  // The query language's only escape in a phrase is \" (a backslash is otherwise literal: Windows paths).
  return `"${t.replace(/"/g, '\\"')}"`;
}
