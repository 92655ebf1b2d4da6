// What the dashboard reads: the server's statistics (sensors, alerts, and for a global administrator the disk and the
// event partitions), the ingest rate, alert facets (by day and severity band, by feed) and the watchlists' hits.
import { api } from "./client";

/** GET /api/v1/dashboard/statistics (DashboardApi; `storage` only for a global administrator). */
export interface DashboardStatistics {
  storage?: {
    file_system_bytes: number;
    free_bytes: number;
    data_bytes: number;
    /** Bytes under each top-level part of the data directory (index, journal, binaries, db, ...). */
    parts: Record<string, number>;
    event_partitions: {
      name: string;
      status: string;
      size_bytes: number;
      doc_count: number;
      start_date: string;
      end_date: string | null;
    }[];
  };
  sensors: { total: number; online: number; offline: number; isolated: number };
  alerts: { total: number; unresolved: number };
}

/** GET /api/v1/dashboard/ingest (IngestRateApi): events indexed per minute over the last hour, the last running. */
export interface IngestRate {
  interval_seconds: number;
  events_indexed_total: number;
  events_per_second: number;
  intervals: { start: string; end: string; events: number; events_per_second: number }[];
}

/** One facet value (§1.3). */
export interface FacetEntry {
  name: string | number;
  value: number;
  percent: number;
  ratio: number;
}

export interface AlertFacets {
  total_results: number;
  facets: Record<string, FacetEntry[]>;
}

/** The fields of a watchlist (§5.8) the dashboard reads. */
export interface WatchlistHits {
  id: string;
  name: string;
  enabled: boolean;
  index_type: string;
  /** A number sent as a string. */
  total_hits?: string;
  last_hit?: string;
  last_hit_count?: number;
}

export const dashboard = {
  statistics: () => api.get<DashboardStatistics>("/api/v1/dashboard/statistics"),
  ingest: () => api.get<IngestRate>("/api/v1/dashboard/ingest"),
  /** Counts only (rows=0) with the facets asked for. */
  alertFacets: (q: string, fields: string[]) =>
    api.get<AlertFacets>("/api/v2/alert", { "cb.urlver": 1, q, rows: 0, start: 0, facet: "true", "facet.field": fields }),
  watchlists: () => api.get<WatchlistHits[]>("/api/v1/watchlist"),
};
