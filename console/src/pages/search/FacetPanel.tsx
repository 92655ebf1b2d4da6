import { useMemo } from "react";
import type { FacetEntry, ProcessFacetField } from "../../api/process";
import { formatCount } from "../../components/format";
import { FacetChart } from "./FacetChart";
import { FACETS, canPick, facetValue, shownEntries } from "./facets";
import { FACET_FIELDS } from "./searchState";

function FacetCard({
  facet,
  entries,
  unit,
  onPick,
}: {
  facet: ProcessFacetField;
  entries: FacetEntry[];
  unit: string;
  onPick: (facet: ProcessFacetField, entry: FacetEntry) => void;
}) {
  const spec = FACETS[facet]!;
  const shown = useMemo(() => shownEntries(facet, entries), [facet, entries]);
  const labels = useMemo(
    () => shown.map((e) => (spec.timeline ? String(e.name).slice(5, 10) : e.name === "" ? "(empty)" : String(e.name))),
    [shown, spec.timeline],
  );
  const nonEmpty = entries.filter((e) => e.value > 0);
  const headingId = `facet-${facet}`;
  return (
    <section className="facet-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {spec.label} <span className="muted">({nonEmpty.length === 200 ? "200+" : nonEmpty.length})</span>
      </h3>
      {nonEmpty.length === 0 ? (
        <p className="muted facet-empty">No values.</p>
      ) : (
        <>
          <FacetChart
            entries={shown}
            labels={labels}
            timeline={spec.timeline}
            onPick={(entry) => canPick(entry) && onPick(facet, entry)}
          />
          <details className="facet-values">
            <summary>
              List values<span className="sr-only"> of {spec.label}</span>
            </summary>
            <ul>
              {(spec.timeline ? nonEmpty : shown).map((e) => (
                <li key={e.name}>
                  <button
                    type="button"
                    className="link"
                    disabled={!canPick(e)}
                    onClick={() => onPick(facet, e)}
                    title={`Add ${spec.field}:${facetValue(facet, e)} to the query`}
                  >
                    {e.name === "" ? "(empty)" : facetValue(facet, e)}
                  </button>{" "}
                  <span className="muted">
                    {formatCount(e.value)} {unit} · {e.ratio}%
                  </span>
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}

/**
 * The facets of the current search as bar charts; a click on a bar (or on a value in its list) narrows the query to
 * that value.
 */
export function FacetPanel({
  facets,
  unit,
  onPick,
}: {
  facets: Record<string, FacetEntry[]>;
  unit: string;
  onPick: (facet: ProcessFacetField, entry: FacetEntry) => void;
}) {
  return (
    <div className="facet-grid">
      {FACET_FIELDS.filter((f) => FACETS[f]).map((f) => (
        <FacetCard key={f} facet={f} entries={facets[f] ?? []} unit={unit} onPick={onPick} />
      ))}
    </div>
  );
}
