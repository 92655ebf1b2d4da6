// What each facet shows and which query term a click on one of its values adds.

import type { FacetEntry, ProcessFacetField } from "../../api/process";
import { addTerm } from "../../query/terms";

export interface FacetSpec {
  label: string;
  /** The query field that selects a value of this facet (the facet fields are untokenised copies). */
  field: string;
  /** Per-day buckets drawn as columns in time order, rather than the top values as bars. */
  timeline?: boolean;
}

export const FACETS: Partial<Record<ProcessFacetField, FacetSpec>> = {
  process_name: { label: "Process name", field: "process_name" },
  hostname: { label: "Host", field: "hostname" },
  username_full: { label: "User", field: "username_full" },
  parent_name: { label: "Parent", field: "parent_name" },
  path_full: { label: "Path", field: "path" },
  group: { label: "Sensor group", field: "group" },
  host_type: { label: "Host type", field: "host_type" },
  start: { label: "Started (per day, last 30 days)", field: "start", timeline: true },
};

/** The value a facet entry selects: a day bucket (`2026-12-07T00:00:00Z`) selects that whole day. */
export function facetValue(facet: ProcessFacetField, entry: FacetEntry): string {
  const name = String(entry.name);
  return facet === "start" ? name.slice(0, 10) : name;
}

/** Whether clicking the entry can narrow the search (an empty value or an empty bucket cannot). */
export function canPick(entry: FacetEntry): boolean {
  return entry.name !== "" && entry.value > 0;
}

/** The query after a click on a facet value: that value's term ANDed to it. */
export function queryWithFacet(query: string, facet: ProcessFacetField, entry: FacetEntry): string {
  const spec = FACETS[facet];
  if (!spec) return query;
  return addTerm(query, spec.field, facetValue(facet, entry));
}

/** The entries a facet card draws: top values by count, or every day bucket in time order. */
export function shownEntries(facet: ProcessFacetField, entries: FacetEntry[], top = 8): FacetEntry[] {
  if (FACETS[facet]?.timeline) return [...entries].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return entries.filter((e) => e.value > 0).slice(0, top);
}
