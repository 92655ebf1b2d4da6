// The calls of the process analysis and binary pages, typed from the reference shapes (rest_api.md §4.2, §4.3, §4.12,
// §5.2–§5.5, §5.12) and checked against a running server's answers. The search page's own process type lives in
// process.ts; ProcessDoc here holds only what these pages read.

import { api, ApiError, requestBlob } from "./client";
import type { Narrowed } from "./narrowed";
import type {
  BanDocument,
  HostCount,
  ProcessEvents as WireProcessEvents,
  ProcessSummary as WireProcessSummary,
  Result,
  SearchEnvelope,
  SegmentList,
  SegmentList_Segment,
  SensorDocument,
  TaggedEventDocument,
  WatchlistDocument,
} from "./wire";

/**
 * A process document (§5.2): a search row, a summary's process/parent/children/siblings. Hand-written: the server
 * serves the stored segment documents as JSON (its records type them as unknown), so nothing is generated for them.
 */
export interface ProcessDoc {
  id: string;
  unique_id: string;
  segment_id: number;
  process_name: string;
  path: string;
  cmdline: string;
  process_md5: string;
  process_pid: number;
  username: string;
  parent_name?: string;
  parent_pid?: number;
  parent_md5?: string;
  parent_id?: string;
  parent_unique_id?: string;
  hostname: string;
  group?: string;
  host_type?: string;
  os_type?: string;
  sensor_id: number;
  start: string;
  last_update: string;
  end?: string;
  terminated?: boolean;
  modload_count?: number;
  filemod_count?: number;
  regmod_count?: number;
  netconn_count?: number;
  childproc_count?: number;
  crossproc_count?: number;
  processblock_count?: number;
  /** Watchlist hits: search rows carry them ({wid, value, segments_hit}). */
  watchlists?: { wid: string; value: string; segments_hit?: number[] }[];
  /** Feed hits come as alliance_score_<feed>, alliance_link_<feed>, … keys. */
  [key: `alliance_${string}`]: unknown;
}

/**
 * GET /api/v1/process/<guid>/<segment>?children=N (§5.3; the server's ProcessSummary, its documents narrowed to
 * ProcessDoc); `parent` is `{}` for a process without a known parent.
 */
export type ProcessSummary = Narrowed<
  WireProcessSummary,
  { process: ProcessDoc; parent: ProcessDoc | Record<string, never>; children: ProcessDoc[]; siblings: ProcessDoc[] }
>;

/** One segment of GET /api/v1/process/<guid>/segment (the server's SegmentList): its times and events per type. */
export type SegmentInfo = SegmentList_Segment;

/**
 * The v2–v4 netconn object (IPs are signed int32 in v2/v3, dotted strings in v4). This and the child process object
 * are hand-written: they are elements of the event document's arrays, built as JSON by the server.
 */
export interface NetconnObject {
  timestamp: string;
  remote_ip: string | number;
  local_ip?: string | number;
  proxy_ip?: string | number;
  remote_port: number;
  local_port?: number;
  proxy_port?: number;
  proto: number;
  domain?: string;
  direction: string | boolean;
}

/** The v3/v4 child process object. */
export interface ChildprocObject {
  processId: string;
  md5: string;
  path: string;
  pid: number;
  type: "start" | "end";
  start: string;
  end: string | null;
  is_suppressed?: boolean;
  is_tampered?: boolean;
  commandLine?: string;
  userName?: string;
}

/**
 * GET /api/vN/process/<guid>/<segment>/event (§5.4; the server's ProcessEvents): the document plus its events, and
 * the binaries it names.
 */
export type ProcessEvents = Narrowed<
  WireProcessEvents,
  {
    process: ProcessDoc & {
      modload_complete?: string[];
      filemod_complete?: string[];
      regmod_complete?: string[];
      netconn_complete?: (string | NetconnObject)[];
      childproc_complete?: (string | ChildprocObject)[];
      crossproc_complete?: string[];
      processblock_complete?: string[];
      binaries?: Record<string, BinaryDoc>;
    };
  }
>;

/**
 * A binary document (§5.5); the summary adds `icon` (base64 PNG). Hand-written: the server builds binary documents as
 * JSON (BinaryJson), not records.
 */
export interface BinaryDoc {
  md5: string;
  original_filename?: string;
  observed_filename?: string[];
  orig_mod_len?: number;
  copied_mod_len?: number;
  endpoint?: string[];
  group?: string[];
  host_count?: number;
  file_desc?: string;
  file_version?: string;
  product_name?: string;
  product_version?: string;
  company_name?: string;
  legal_copyright?: string;
  internal_name?: string;
  legal_trademark?: string;
  private_build?: string;
  special_build?: string;
  digsig_result?: string;
  digsig_result_code?: string;
  digsig_publisher?: string;
  digsig_issuer?: string;
  digsig_subject?: string;
  digsig_sign_time?: string;
  digsig_prog_name?: string;
  signed?: string;
  is_64bit?: boolean;
  is_executable_image?: boolean;
  os_type?: string;
  server_added_timestamp?: string;
  timestamp?: string;
  last_seen?: string;
  watchlists?: { wid: string; value: string }[];
  icon?: string;
  [key: `alliance_${string}`]: unknown;
}

/** GET /api/v1/process/host/count (the server's HostCount): on how many hosts the binary ran as a process, out of how many. */
export type { HostCount };

/**
 * A banned hash (§5.12; the server's BanDocument): what the binary page reads. `md5hash` is upper case;
 * `last_block_time` null until a sensor reported a block.
 */
export type BannedHash = Pick<
  BanDocument,
  "md5hash" | "text" | "enabled" | "username" | "timestamp" | "block_count" | "last_block_time" | "last_block_hostname"
>;

/** What the analysis page reads of a sensor (§5.6, SensorDocument): where it is, whether it can be isolated or reached live. */
export type SensorState = Pick<
  SensorDocument,
  "id" | "computer_name" | "group_id" | "status" | "supports_cblr" | "supports_isolation" | "network_isolation_enabled" | "is_isolating"
>;

/**
 * A tagged event of an investigation (§5.14; the server's TaggedEventDocument). `tagged_by_user_id` is the tagger's
 * username; `event_data` the JSON object the tagging client described the event with (Carbon Black's console puts a
 * `description` there; the server takes only an object).
 */
export type TaggedEvent = Narrowed<TaggedEventDocument, { event_data: Record<string, unknown> }>;

export type WatchlistName = Pick<WatchlistDocument, "id" | "name">;

/** At most this many children (and siblings) per summary; more than that is a search, not a tree. */
export const CHILD_LIMIT = 1000;

const seg = (segment: number | string) => encodeURIComponent(String(segment));
const upper = (md5: string) => md5.trim().toUpperCase();

export const analysisApi = {
  summary: (guid: string, segment: number | string = 0, children = CHILD_LIMIT, signal?: AbortSignal) =>
    api.get<ProcessSummary>(`/api/v1/process/${encodeURIComponent(guid)}/${seg(segment)}`, { children }, signal),
  segments: (guid: string, signal?: AbortSignal) =>
    api
      .get<SegmentList>(`/api/v1/process/${encodeURIComponent(guid)}/segment`, undefined, signal)
      .then((r) => [...(r.process?.segments ?? [])].sort((a, b) => a.segment_id - b.segment_id)),
  events: (guid: string, segment: number | string, signal?: AbortSignal) =>
    api.get<ProcessEvents>(`/api/v4/process/${encodeURIComponent(guid)}/${seg(segment)}/event`, undefined, signal),
  /** The process's segments as search rows: the only documents the server decorates with watchlist and feed hits. */
  hits: (guid: string, signal?: AbortSignal) =>
    api.get<Narrowed<Pick<SearchEnvelope, "results" | "total_results">, { results: ProcessDoc[] }>>(
      "/api/v1/process",
      { q: `process_id:${guid}`, rows: 200, start: 0, facet: "false" },
      signal,
    ),
  taggedEvents: (guid: string, signal?: AbortSignal) =>
    api.get<TaggedEvent[]>(`/api/tagged_events/${encodeURIComponent(guid)}`, undefined, signal),
  watchlists: (signal?: AbortSignal) => api.get<WatchlistName[]>("/api/v1/watchlist", undefined, signal),
  sensor: (id: number, signal?: AbortSignal) => api.get<SensorState>(`/api/v1/sensor/${id}`, undefined, signal),
  /** Only the isolation flag: the server keeps the other five fields as they are. */
  isolate: (sensorId: number) => api.put<void>(`/api/v1/sensor/${sensorId}`, { network_isolation_enabled: true }),

  binary: (md5: string, signal?: AbortSignal) =>
    api.get<BinaryDoc>(`/api/v1/binary/${encodeURIComponent(upper(md5))}/summary`, undefined, signal),
  hostCount: (md5: string, signal?: AbortSignal) =>
    api.get<HostCount>("/api/v1/process/host/count", { "cb.freqver": 1, md5: upper(md5), name: "md5" }, signal),
  /** The ban of a hash, or null when it is not banned (the server answers 404). */
  ban: async (md5: string, signal?: AbortSignal): Promise<BannedHash | null> => {
    try {
      const ban = await api.get<BannedHash>(`/api/v1/banning/blacklist/${encodeURIComponent(md5.trim().toLowerCase())}`, undefined, signal);
      return ban.enabled ? ban : null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  },
  banHash: (md5: string, text: string) =>
    api.post<Result>("/api/v1/banning/blacklist", { md5hash: md5.trim().toLowerCase(), text, enabled: true }),
  unbanHash: (md5: string) => api.del<BanDocument>(`/api/v1/banning/blacklist/${encodeURIComponent(md5.trim().toLowerCase())}`),
  /** The stored file as Carbon Black serves it (a zip of `filedata` and `metadata`); 404 when the server has no copy. */
  download: (md5: string): Promise<Blob> =>
    requestBlob(`/api/v1/binary/${encodeURIComponent(upper(md5))}`, { accept: "application/zip" }).then((d) => d.blob),
};

/** Query keys, shared so a mutation invalidates exactly what it changed. */
export const keys = {
  summary: (guid: string, segment: number | string = 0) => ["process-summary", guid.toLowerCase(), String(segment)] as const,
  segments: (guid: string) => ["process-segments", guid.toLowerCase()] as const,
  events: (guid: string, segment: number | string) => ["process-events", guid.toLowerCase(), String(segment)] as const,
  hits: (guid: string) => ["process-hits", guid.toLowerCase()] as const,
  tagged: (guid: string) => ["process-tagged", guid.toLowerCase()] as const,
  watchlists: () => ["watchlists"] as const,
  sensor: (id: number) => ["sensor", id] as const,
  binary: (md5: string) => ["binary", md5.trim().toUpperCase()] as const,
  hostCount: (md5: string) => ["binary-hosts", md5.trim().toUpperCase()] as const,
  ban: (md5: string) => ["ban", md5.trim().toLowerCase()] as const,
};

/** The parent of a summary, or null when the server knows none (it answers `{}`). */
export function parentOf(summary: ProcessSummary): ProcessDoc | null {
  const p = summary.parent as Partial<ProcessDoc>;
  return p && typeof p.id === "string" && p.id !== "" ? (p as ProcessDoc) : null;
}
