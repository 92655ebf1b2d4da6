// The dashboard's figures from the API's answers, and the ECharts options that draw them: pure functions (unit-tested),
// coloured from a palette read off the page's theme variables so both themes work.
import type { FacetEntry, IngestRate, WatchlistHits } from "../../api/dashboard";

/** Severity bands of alert_severity (0–100) as the alerts page filters them (minsev/maxsev). */
export const BANDS = [
  { key: "high", label: "High (70–100)", min: 70, max: 100, query: "alert_severity:[70 TO *]" },
  { key: "medium", label: "Medium (40–69)", min: 40, max: 69, query: "alert_severity:[40 TO 69]" },
  { key: "low", label: "Low (0–39)", min: 0, max: 39, query: "alert_severity:[* TO 39]" },
] as const;
export type BandKey = (typeof BANDS)[number]["key"];

export interface Palette {
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  danger: string;
  warn: string;
  ok: string;
}

export function readPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v("--text", "#1b1f27"),
    muted: v("--muted", "#4d5566"),
    border: v("--border", "#d5d9e0"),
    surface: v("--surface", "#ffffff"),
    accent: v("--accent", "#1f5fbf"),
    danger: v("--danger", "#b3261e"),
    warn: v("--warn", "#8a5a00"),
    ok: v("--ok", "#1e6b35"),
  };
}

export interface SeverityOverTime {
  /** Days (ISO dates), oldest first. */
  days: string[];
  bands: { key: BandKey; label: string; counts: number[]; total: number }[];
}

/** The created_time facets of each band merged on one axis of days. */
export function severityOverTime(facets: Record<BandKey, FacetEntry[] | undefined>): SeverityOverTime {
  const days = new Set<string>();
  for (const band of BANDS) for (const f of facets[band.key] ?? []) days.add(String(f.name));
  const axis = [...days].sort();
  return {
    days: axis,
    bands: BANDS.map((band) => {
      const byDay = new Map((facets[band.key] ?? []).map((f) => [String(f.name), f.value]));
      const counts = axis.map((d) => byDay.get(d) ?? 0);
      return { key: band.key, label: band.label, counts, total: counts.reduce((a, b) => a + b, 0) };
    }),
  };
}

export interface IngestSeries {
  /** Each interval's end, ISO. */
  times: string[];
  /** Events per minute in each interval (the running one scaled from its part of a minute). */
  perMinute: number[];
}

export function ingestSeries(rate: IngestRate): IngestSeries {
  return {
    times: rate.intervals.map((i) => i.end),
    perMinute: rate.intervals.map((i) => Math.round(i.events_per_second * 60)),
  };
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 100) return Math.round(perSecond).toLocaleString();
  if (perSecond >= 10) return perSecond.toFixed(1);
  return perSecond.toFixed(2);
}

export interface Top {
  name: string;
  hits: number;
}

/** The watchlists with the most hits (total_hits), most first. */
export function topWatchlists(watchlists: WatchlistHits[], n = 5): Top[] {
  return watchlists
    .map((w) => ({ name: w.name, hits: Number(w.total_hits) || 0 }))
    .filter((w) => w.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.name.localeCompare(b.name))
    .slice(0, n);
}

/**
 * The feeds whose reports raised the most alerts (the server counts a feed's hits from its alerts). Watchlist alerts
 * carry the feed name "My Watchlists" (Carbon Black's convention): those are the watchlists' tile, not a feed.
 */
export function topFeeds(facet: FacetEntry[] | undefined, n = 5): Top[] {
  return (facet ?? [])
    .filter((f) => String(f.name) !== "My Watchlists" && f.value > 0)
    .map((f) => ({ name: String(f.name), hits: f.value }))
    .sort((a, b) => b.hits - a.hits || a.name.localeCompare(b.name))
    .slice(0, n);
}

const axisStyle = (p: Palette) => ({
  axisLine: { lineStyle: { color: p.border } },
  axisLabel: { color: p.muted },
  splitLine: { lineStyle: { color: p.border, opacity: 0.6 } },
});

const tooltip = (p: Palette) => ({
  trigger: "axis" as const,
  backgroundColor: p.surface,
  borderColor: p.border,
  textStyle: { color: p.text },
});

function shortDay(iso: string) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
}

function shortTime(iso: string) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** Stacked bars: alerts per day, one colour per band. */
export function severityOption(data: SeverityOverTime, p: Palette) {
  const colour: Record<BandKey, string> = { high: p.danger, medium: p.warn, low: p.accent };
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 40, right: 12, top: 12, bottom: 28 },
    tooltip: tooltip(p),
    xAxis: { type: "category", data: data.days.map(shortDay), ...axisStyle(p), splitLine: { show: false } },
    yAxis: { type: "value", minInterval: 1, ...axisStyle(p) },
    series: data.bands.map((b) => ({
      name: b.label,
      type: "bar",
      stack: "alerts",
      data: b.counts,
      itemStyle: { color: colour[b.key] },
      barMaxWidth: 18,
    })),
  };
}

/** A line of events per minute over the last hour. */
export function ingestOption(data: IngestSeries, p: Palette) {
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 48, right: 12, top: 12, bottom: 28 },
    tooltip: tooltip(p),
    xAxis: { type: "category", data: data.times.map(shortTime), boundaryGap: false, ...axisStyle(p), splitLine: { show: false } },
    yAxis: { type: "value", minInterval: 1, name: "", ...axisStyle(p) },
    series: [
      {
        name: "Events per minute",
        type: "line",
        data: data.perMinute,
        showSymbol: data.perMinute.length < 3,
        lineStyle: { color: p.accent, width: 2 },
        itemStyle: { color: p.accent },
        areaStyle: { color: p.accent, opacity: 0.15 },
      },
    ],
  };
}
