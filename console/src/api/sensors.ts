// Sensors and sensor groups (reference rest_api.md §4.4, §4.5, §5.6, §5.7; server SensorApi, GroupApi, InstallerApi):
// the typed calls the sensors pages make and what the answers mean (isolation state, addresses, times).
import { api } from "./client";
import type { Named } from "./narrowed";
import type { GroupDocument, GroupEnrolmentToken, SensorActivity, SensorDocument, SensorQueued, SensorSearchResult } from "./wire";

/**
 * The sensor document (§5.6) exactly as the server sends it (generated from its SensorDocument record): sizes and
 * uptimes are numeric strings, times CB database times (null before the first check-in, flush, ...), `os_type` 1
 * Windows, 2 macOS, 3 Linux. `network_isolation_enabled` is what was asked (cut the host off), `is_isolating` what
 * the sensor confirmed.
 */
export type Sensor = SensorDocument;

/**
 * A sensor group (§5.7; the server's GroupDocument): only what the console shows. `has_enrolment_token` is
 * Lampblack's: whether an installer can carry an enrolment token (else a global administrator makes one).
 */
export type SensorGroup = Pick<
  Named<GroupDocument>,
  "id" | "name" | "site_id" | "sensorbackend_server" | "number_of_hosts" | "alert_criticality" | "has_enrolment_token"
>;

/** `GET /api/v2/sensor` (the server's SensorSearchResult). */
export type SensorSearch = SensorSearchResult;

/**
 * One action sent to a sensor and how it ended (`/api/v1/sensor/<id>/activity`, newest first; `status` pending,
 * applied, failed or withdrawn), and what a sensor holds unsent (`/queued`): the server's records.
 */
export type { SensorActivity, SensorQueued };

/** The most sensors one list asks for (the server's cap): the page filters and sorts them itself. */
export const SENSOR_LIST_ROWS = 10_000;

export const sensorsApi = {
  list: (signal?: AbortSignal) =>
    api.get<SensorSearch>("/api/v2/sensor", { rows: SENSOR_LIST_ROWS, start: 0, "sort.col": "id", "sort.dir": "asc" }, signal),
  get: (id: number | string, signal?: AbortSignal) => api.get<Sensor>(`/api/v1/sensor/${id}`, undefined, signal),
  activity: (id: number | string, signal?: AbortSignal) =>
    api.get<SensorActivity[] | undefined>(`/api/v1/sensor/${id}/activity`, undefined, signal).then((a) => a ?? []),
  queued: (id: number | string, signal?: AbortSignal) =>
    api.get<SensorQueued[] | undefined>(`/api/v1/sensor/${id}/queued`, undefined, signal).then((a) => a ?? []),
  /** PUT only the field the change is about (see {@link sensorChangeBody}). */
  change: (id: number, change: SensorChange) => api.put<void>(`/api/v1/sensor/${id}`, sensorChangeBody(change)),
  groups: (signal?: AbortSignal) => api.get<SensorGroup[]>("/api/group", undefined, signal),
  newEnrolmentToken: (groupId: number) =>
    api.post<GroupEnrolmentToken>(`/api/v1/group/${groupId}/registration_token`),
};

/** What an administrator asks of a sensor (one field at a time in the console). */
export type SensorChange =
  | { kind: "isolate" }
  | { kind: "unisolate" }
  | { kind: "restart" }
  | { kind: "flush"; until: Date }
  | { kind: "move"; groupId: number };

/** The six fields cbapi's `Sensor.save()` sends. */
export interface SensorChangeBody {
  event_log_flush_time: string | null;
  group_id: number;
  network_isolation_enabled: boolean;
  notes: string;
  restart_queued: boolean;
  uninstall: boolean;
}

/**
 * The body of a change: only the field it changes. The server keeps every field left out as it is when it carries
 * the change out, so a document this page read a while ago cannot undo what another analyst did since (an isolation,
 * a restart, a move). cbapi sends all six from its copy; the console need not.
 */
export function sensorChangeBody(c: SensorChange): Partial<SensorChangeBody> {
  switch (c.kind) {
    case "isolate":
      return { network_isolation_enabled: true };
    case "unisolate":
      return { network_isolation_enabled: false };
    case "restart":
      return { restart_queued: true };
    case "flush":
      // RFC 822 in GMT, as cbapi's flush_events() sends it: "Tue, 05 Feb 2019 10:00:00 GMT".
      return { event_log_flush_time: c.until.toUTCString() };
    case "move":
      return { group_id: c.groupId };
  }
}

/** The document as it reads right after the server accepted a change (before the sensor acts on it). */
export function applyRequested(s: Sensor, c: SensorChange): Sensor {
  // A flush is not shown as asked: the document's flush time is the last one the sensor confirmed.
  return c.kind === "flush" ? s : { ...s, ...sensorChangeBody(c) };
}

/**
 * Isolation as the analyst should read it. The request (`network_isolation_enabled`) is stored at once; the sensor
 * carries it out at its next check-in and confirms it (`is_isolating`). Until both agree the change is pending.
 */
export type IsolationState = "isolated" | "isolating" | "releasing" | "none";

export function isolationState(s: Pick<Sensor, "network_isolation_enabled" | "is_isolating">): IsolationState {
  if (s.network_isolation_enabled && s.is_isolating) return "isolated";
  if (s.network_isolation_enabled) return "isolating";
  if (s.is_isolating) return "releasing";
  return "none";
}

export const isolationLabel: Record<IsolationState, string> = {
  isolated: "Isolated",
  isolating: "Isolating…",
  releasing: "Releasing isolation…",
  none: "Not isolated",
};

export function isolationPending(s: Pick<Sensor, "network_isolation_enabled" | "is_isolating">): boolean {
  const st = isolationState(s);
  return st === "isolating" || st === "releasing";
}

export interface Adapter {
  ip: string;
  mac: string;
}

/** `"ip,mac|ip,mac|"` → the adapters; the MAC as aa:bb:cc:dd:ee:ff. */
export function networkAdapters(text: string | null | undefined): Adapter[] {
  if (!text) return [];
  return text
    .split("|")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const comma = part.indexOf(",");
      const ip = (comma < 0 ? part : part.slice(0, comma)).trim();
      const raw = comma < 0 ? "" : part.slice(comma + 1).trim();
      const mac = /^[0-9a-fA-F]{12}$/.test(raw) ? raw.toLowerCase().match(/../g)!.join(":") : raw;
      return { ip, mac };
    })
    .filter((a) => a.ip.length > 0);
}

export function osName(osType: number | null | undefined): string {
  switch (osType) {
    case 1:
      return "Windows";
    case 2:
      return "macOS";
    case 3:
      return "Linux";
    default:
      return "Unknown";
  }
}

/** "3 d 4 h", "12 min", "40 s" from a number of seconds (numeric strings too); "—" when unknown. */
export function formatDuration(seconds: string | number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds === "") return "—";
  const total = typeof seconds === "number" ? seconds : Number(seconds);
  if (!Number.isFinite(total) || total < 0) return "—";
  const s = Math.floor(total);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/** A numeric string ("17179869184") as a number; null when it is not one. */
export function numeric(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined || text === "") return null;
  const n = typeof text === "number" ? text : Number(text);
  return Number.isFinite(n) ? n : null;
}

/** The installer kinds of `GET /api/v1/group/<id>/installer/<kind>` (§4.5), with what each one is. */
export const INSTALLER_KINDS: { kind: string; label: string }[] = [
  { kind: "linux", label: "Linux (tar.gz)" },
  { kind: "windows/exe", label: "Windows (EXE)" },
  { kind: "windows/msi", label: "Windows (MSI)" },
  { kind: "osx", label: "macOS (PKG)" },
];

export function installerUrl(groupId: number, kind: string): string {
  return `/api/v1/group/${groupId}/installer/${kind}`;
}

/** The process search of one sensor (the search page's URL). */
export function sensorProcessesPath(id: number): string {
  return `/search?q=sensor_id:${id}`;
}
