// The sensor list's state in the URL (`/#/sensors?status=online&group=2&q=web&sort=last_checkin_time:desc`) and the
// filtering and sorting it means. The list is one request of every sensor the user may see (a few thousand at most):
// filtering it here is instant and case-insensitive, which the server's hostname filter (case-sensitive) is not.
import { isolationState, networkAdapters, osName, type Sensor } from "../../api/sensors";
import { cbTimeToIso } from "../../components/format";

export type StatusFilter = "" | "online" | "offline" | "uninstalled";
export type IsolationFilter = "" | "isolated" | "pending" | "none";
export type SensorSortKey = "computer_name" | "status" | "os" | "group" | "last_checkin_time" | "isolation" | "id";

export interface SensorFilters {
  status: StatusFilter;
  isolation: IsolationFilter;
  /** A group id, or null for every group. */
  group: number | null;
  /** Part of a hostname, DNS name or IP address. */
  text: string;
  sort: SensorSortKey;
  desc: boolean;
}

const STATUSES: StatusFilter[] = ["", "online", "offline", "uninstalled"];
const ISOLATIONS: IsolationFilter[] = ["", "isolated", "pending", "none"];
const SORTS: SensorSortKey[] = ["computer_name", "status", "os", "group", "last_checkin_time", "isolation", "id"];

export function parseSensorFilters(p: URLSearchParams): SensorFilters {
  const status = (p.get("status") ?? "") as StatusFilter;
  const isolation = (p.get("isolation") ?? "") as IsolationFilter;
  const group = p.get("group");
  const [sortKey, dir] = (p.get("sort") ?? "").split(":");
  return {
    status: STATUSES.includes(status) ? status : "",
    isolation: ISOLATIONS.includes(isolation) ? isolation : "",
    group: group !== null && /^\d+$/.test(group) ? Number(group) : null,
    text: p.get("q") ?? "",
    sort: SORTS.includes(sortKey as SensorSortKey) ? (sortKey as SensorSortKey) : "computer_name",
    desc: dir === "desc",
  };
}

/** The URL parameters of the filters (defaults left out); `tab` and others already there are kept. */
export function applySensorFilters(current: URLSearchParams, f: SensorFilters): URLSearchParams {
  const p = new URLSearchParams(current);
  const set = (k: string, v: string) => (v ? p.set(k, v) : p.delete(k));
  set("status", f.status);
  set("isolation", f.isolation);
  set("group", f.group === null ? "" : String(f.group));
  // As typed: the box shows what the URL holds, so trimming here would swallow a space as it is typed.
  set("q", f.text);
  set("sort", f.sort === "computer_name" && !f.desc ? "" : `${f.sort}:${f.desc ? "desc" : "asc"}`);
  return p;
}

export function matchesText(s: Sensor, text: string): boolean {
  const t = text.trim().toLowerCase();
  if (!t) return true;
  if (s.computer_name.toLowerCase().includes(t)) return true;
  if ((s.computer_dns_name ?? "").toLowerCase().includes(t)) return true;
  return networkAdapters(s.network_adapters).some((a) => a.ip.toLowerCase().includes(t) || a.mac.includes(t));
}

export function matchesFilters(s: Sensor, f: SensorFilters): boolean {
  if (f.status && s.status.toLowerCase() !== f.status) return false;
  if (f.group !== null && s.group_id !== f.group) return false;
  if (f.isolation) {
    const st = isolationState(s);
    if (f.isolation === "isolated" && st !== "isolated") return false;
    if (f.isolation === "pending" && st !== "isolating" && st !== "releasing") return false;
    if (f.isolation === "none" && st !== "none") return false;
  }
  return matchesText(s, f.text);
}

const isolationOrder = { isolated: 0, isolating: 1, releasing: 2, none: 3 } as const;

function sortValue(s: Sensor, key: SensorSortKey, groupName: (id: number) => string): string | number {
  switch (key) {
    case "computer_name":
      return s.computer_name.toLowerCase();
    case "status":
      return s.status.toLowerCase();
    case "os":
      return `${osName(s.os_type)} ${s.os_environment_display_string}`.toLowerCase();
    case "group":
      return groupName(s.group_id).toLowerCase();
    case "last_checkin_time": {
      const iso = cbTimeToIso(s.last_checkin_time);
      const t = iso ? Date.parse(iso) : NaN;
      return Number.isNaN(t) ? -Infinity : t;
    }
    case "isolation":
      return isolationOrder[isolationState(s)];
    case "id":
      return s.id;
  }
}

/** The sensors the filters keep, in their order (ties by hostname, then id, so the order is stable). */
export function filterAndSort(all: Sensor[], f: SensorFilters, groupName: (id: number) => string = String): Sensor[] {
  const kept = all.filter((s) => matchesFilters(s, f));
  const dir = f.desc ? -1 : 1;
  const keyed = kept.map((s) => ({ s, v: sortValue(s, f.sort, groupName) }));
  keyed.sort((a, b) => {
    if (a.v < b.v) return -dir;
    if (a.v > b.v) return dir;
    const byName = a.s.computer_name.localeCompare(b.s.computer_name);
    return byName !== 0 ? byName : a.s.id - b.s.id;
  });
  return keyed.map((k) => k.s);
}

/** The sensors by status and isolation, for the summary above the list. */
export function summarize(all: Sensor[]): { total: number; online: number; offline: number; isolated: number; pending: number } {
  let online = 0;
  let offline = 0;
  let isolated = 0;
  let pending = 0;
  for (const s of all) {
    if (s.status === "Online") online++;
    else if (s.status === "Offline") offline++;
    const st = isolationState(s);
    if (st === "isolated") isolated++;
    else if (st !== "none") pending++;
  }
  return { total: all.length, online, offline, isolated, pending };
}
