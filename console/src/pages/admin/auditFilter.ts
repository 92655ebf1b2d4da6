// The audit log's filters: the server answers the newest entries, the console filters them. The filters live in the
// URL (user, method, path, status, from, to) so a filtered view can be reloaded, shared and gone back to.
import type { Activity } from "../../api/admin";
import { cbTimeMs } from "../../components/format";

export interface AuditFilter {
  user: string;
  method: string;
  /** A part of the path, any case. */
  path: string;
  /** "", a class ("2xx", "4xx") or one status ("403"). */
  status: string;
  /** datetime-local values (the analyst's time zone), "" for no bound. */
  from: string;
  to: string;
}

const KEYS: (keyof AuditFilter)[] = ["user", "method", "path", "status", "from", "to"];

export function readAuditFilter(p: URLSearchParams): AuditFilter {
  const f = {} as AuditFilter;
  for (const k of KEYS) f[k] = p.get(k) ?? "";
  return f;
}

export function writeAuditFilter(f: AuditFilter, base?: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(base);
  for (const k of KEYS) {
    if (f[k].trim()) p.set(k, f[k]);
    else p.delete(k);
  }
  return p;
}

export function isFiltered(f: AuditFilter): boolean {
  return KEYS.some((k) => f[k].trim() !== "");
}

function statusMatches(status: number, want: string): boolean {
  const w = want.trim().toLowerCase();
  if (!w) return true;
  if (/^[1-5]xx$/.test(w)) return Math.floor(status / 100) === Number(w[0]);
  return String(status) === w;
}

/** Milliseconds of a datetime-local value, in the browser's time zone; NaN when empty or invalid. */
function localTime(v: string): number {
  return v ? new Date(v).getTime() : NaN;
}

export function filterActivity<T extends Activity>(entries: T[], f: AuditFilter): T[] {
  const path = f.path.trim().toLowerCase();
  const from = localTime(f.from);
  // "to" names a minute: everything within it is included.
  const to = localTime(f.to) + (f.to.length === 16 ? 59_999 : 0);
  return entries.filter((e) => {
    if (f.user && e.username !== f.user) return false;
    if (f.method && e.method !== f.method) return false;
    if (path && !e.path.toLowerCase().includes(path)) return false;
    if (!statusMatches(e.http_status, f.status)) return false;
    if (!Number.isNaN(from) || !Number.isNaN(to)) {
      const t = cbTimeMs(e.timestamp);
      if (!Number.isNaN(from) && t < from) return false;
      if (!Number.isNaN(to) && t > to) return false;
    }
    return true;
  });
}

/** The distinct values of a field, sorted, for the filter's choices. */
export function distinct(entries: Activity[], field: "username" | "method"): string[] {
  return [...new Set(entries.map((e) => e[field]))].sort();
}
