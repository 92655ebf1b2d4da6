// What the dashboard reads: the server's statistics (sensors, alerts, and for a global administrator the disk and the
// event partitions), the ingest rate, alert facets (by day and severity band, by feed) and the watchlists' hits.
import { api } from "./client";
import type { Narrowed } from "./narrowed";
import type { DashboardStatistics, IngestRateDocument, SearchEnvelope, WatchlistDocument } from "./wire";

/**
 * GET /api/v1/dashboard/statistics (the server's DashboardStatistics): sensors, alerts, and for a global administrator
 * `storage`: the disk, the bytes under each top-level part of the data directory (index, journal, binaries, db, ...)
 * and the event partitions (`end_date` null for the hot one).
 */
export type { DashboardStatistics };

/** GET /api/v1/dashboard/ingest (IngestRateDocument): events indexed per minute over the last hour, the last running. */
export type IngestRate = IngestRateDocument;

/**
 * One facet value (§1.3). Hand-written: the server builds facet entries as maps (its search envelope types them as
 * unknown objects). `name` is a string for keyword facets and day buckets, a number for numeric ones.
 */
export type FacetEntry = {
  name: string | number;
  value: number;
  percent: number;
  ratio: number;
};

/** An alert search (the server's SearchEnvelope) asked for counts and facets only. */
export type AlertFacets = Narrowed<Pick<SearchEnvelope, "total_results" | "facets">, { facets: Record<string, FacetEntry[]> }>;

/** The fields of a watchlist (§5.8, WatchlistDocument) the dashboard reads; `total_hits` is a number sent as a string. */
export type WatchlistHits = Pick<WatchlistDocument, "id" | "name" | "total_hits">;

export const dashboard = {
  statistics: () => api.get<DashboardStatistics>("/api/v1/dashboard/statistics"),
  ingest: () => api.get<IngestRate>("/api/v1/dashboard/ingest"),
  /** Counts only (rows=0) with the facets asked for. */
  alertFacets: (q: string, fields: string[]) =>
    api.get<AlertFacets>("/api/v2/alert", { "cb.urlver": 1, q, rows: 0, start: 0, facet: "true", "facet.field": fields }),
  watchlists: () => api.get<WatchlistHits[]>("/api/v1/watchlist"),
};
