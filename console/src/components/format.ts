// How values read in the console: times in the analyst's locale (UTC shown on hover), sizes in binary units.

const CB_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Carbon Black's times as ISO-8601 that every browser parses alike, to the millisecond: its database form
 * (`2026-12-08 00:24:40.146654+00:00`), the events' form without a zone (`2015-11-16 18:17:48.741`, which is UTC)
 * and ISO itself. Other text passes through as it is; null for nothing.
 */
export function cbTimeToIso(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = CB_TIME.exec(text.trim());
  if (!m) return text;
  const fraction = m[3] ? "." + m[3].slice(0, 3).padEnd(3, "0") : "";
  let zone = m[4] ?? "Z";
  if (/^[+-]\d{4}$/.test(zone)) zone = zone.slice(0, 3) + ":" + zone.slice(3);
  return `${m[1]}T${m[2]}${fraction}${zone}`;
}

/** The same time as epoch milliseconds; NaN when the text is no such time. */
export function cbTimeMs(text: string | null | undefined): number {
  if (!text || !CB_TIME.test(text.trim())) return NaN;
  return Date.parse(cbTimeToIso(text)!);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return n.toLocaleString();
}

/** "3 min ago", for check-ins and alerts. */
export function formatAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "never";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 0) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
