// The threat-intel pages keep the analyst's place in the URL (the hash route's search parameters): which feed's
// reports are open, the report filter, sort and page. Back, forward and reload bring it all back.

export const REPORT_ROWS = 100;

export type IgnoredFilter = "all" | "ignored" | "heeded";

export interface ReportView {
  feedId: number | null;
  text: string;
  ignored: IgnoredFilter;
  start: number;
  /** "score desc", "timestamp asc", ... */
  sort: string;
}

export const DEFAULT_REPORT_SORT = "score desc";
const SORTABLE = new Set(["score", "timestamp"]);

function nonNegativeInt(v: string | null): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

export function readReportView(p: URLSearchParams): ReportView {
  const feed = p.get("feed");
  const feedId = feed !== null && /^\d+$/.test(feed) ? Number(feed) : null;
  const ignored = p.get("ignored");
  const sort = p.get("sort") ?? "";
  const [field, dir] = sort.split(" ");
  return {
    feedId,
    text: p.get("rq") ?? "",
    ignored: ignored === "ignored" || ignored === "heeded" ? ignored : "all",
    start: Math.floor(nonNegativeInt(p.get("start")) / REPORT_ROWS) * REPORT_ROWS,
    sort: SORTABLE.has(field) && (dir === "asc" || dir === "desc") ? `${field} ${dir}` : DEFAULT_REPORT_SORT,
  };
}

/** The parameters for a view: defaults left out, so URLs stay short and equal views have equal URLs. */
export function writeReportView(v: ReportView, base?: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(base);
  for (const k of ["feed", "rq", "ignored", "start", "sort"]) p.delete(k);
  if (v.feedId !== null) p.set("feed", String(v.feedId));
  if (v.feedId !== null) {
    if (v.text.trim()) p.set("rq", v.text);
    if (v.ignored !== "all") p.set("ignored", v.ignored);
    if (v.start > 0) p.set("start", String(v.start));
    if (v.sort !== DEFAULT_REPORT_SORT) p.set("sort", v.sort);
  }
  return p;
}

export function ignoredFilterValue(f: IgnoredFilter): boolean | undefined {
  return f === "all" ? undefined : f === "ignored";
}
