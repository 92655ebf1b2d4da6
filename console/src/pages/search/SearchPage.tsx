import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { searchProcesses, type FacetEntry, type ProcessFacetField } from "../../api/process";
import { usePermissions } from "../../api/session";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { formatCount } from "../../components/format";
import { QueryEditor } from "../../query/QueryEditor";
import { firstProblem } from "../../query/lexer";
import { FacetPanel } from "./FacetPanel";
import { ResultsTable } from "./ResultsTable";
import { SaveWatchlistDialog } from "./SaveWatchlistDialog";
import { queryWithFacet } from "./facets";
import {
  PAGE_SIZES,
  TIME_WINDOWS,
  WINDOW_LABELS,
  alignedStart,
  facetsRequest,
  isRelative,
  minuteOf,
  parseSearchState,
  resultsRequest,
  toSearchParams,
  type PageSize,
  type SearchState,
  type TimeWindow,
} from "./searchState";
import "./search.css";

/** The anchor a relative window gets when a search runs now (none for the others). */
const anchorNow = (window: TimeWindow) => (isRelative(window) ? minuteOf(Date.now()) : undefined);
const FACETS_KEY = "lampblack.search.facets";

/** "unbalanced parenthesis ... (at position 13)" → where to underline the query. */
export function errorPosition(message: string): { position: number; message: string } | null {
  const m = /\(at position (\d+)\)/.exec(message);
  return m ? { position: Number(m[1]), message } : null;
}

/** UTC ISO ↔ the value of a datetime-local input (the analyst's local time, to the minute). */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Keeps the analyst's place: the scroll positions of the results table and of the page are remembered per history
 * entry (so per page of results) and restored when that entry comes back (back/forward, reload) and its rows are in.
 */
function useScrollMemory(wrap: RefObject<HTMLDivElement | null>, key: string, ready: boolean) {
  useEffect(() => {
    const table = wrap.current?.querySelector<HTMLElement>(".table-scroll");
    const page = document.getElementById("main");
    if (!table) return;
    const storageKey = `lampblack.search.scroll.${key}`;
    if (ready) {
      try {
        const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? "null") as { table: number; page: number } | null;
        table.scrollTop = saved?.table ?? 0;
        if (saved && page) page.scrollTop = saved.page;
      } catch {
        table.scrollTop = 0;
      }
    }
    let pending = false;
    const remember = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        sessionStorage.setItem(storageKey, JSON.stringify({ table: table.scrollTop, page: page?.scrollTop ?? 0 }));
      });
    };
    table.addEventListener("scroll", remember, { passive: true });
    page?.addEventListener("scroll", remember, { passive: true });
    return () => {
      table.removeEventListener("scroll", remember);
      page?.removeEventListener("scroll", remember);
    };
  }, [wrap, key, ready]);
}

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const parsed = useMemo(() => parseSearchState(params), [params]);
  // A relative window without its anchor (a link from elsewhere, an old bookmark) is anchored now, and the URL says so.
  const state = useMemo(() => (isRelative(parsed.window) && parsed.at === undefined ? { ...parsed, at: anchorNow(parsed.window) } : parsed), [parsed]);
  useEffect(() => {
    if (state !== parsed) setParams(toSearchParams(state), { replace: true });
  }, [state, parsed, setParams]);
  const location = useLocation();
  const { globalAdmin } = usePermissions();

  const [draft, setDraft] = useState(state.q);
  useEffect(() => setDraft(state.q), [state.q]);
  const [showFacets, setShowFacets] = useState(() => localStorage.getItem(FACETS_KEY) !== "hidden");
  const [watchlistOpen, setWatchlistOpen] = useState(false);
  const [notice, setNotice] = useState<ReactNode>(null);

  const go = useCallback(
    (patch: Partial<SearchState>, replace = false) => setParams(toSearchParams({ ...state, ...patch }), { replace }),
    [setParams, state],
  );

  const request = useMemo(() => resultsRequest(state, Date.now()), [state]);
  const results = useQuery({
    queryKey: ["process-search", request],
    queryFn: ({ signal }) => searchProcesses(request, signal),
    placeholderData: keepPreviousData,
  });
  const facetRequest = useMemo(() => facetsRequest(state, Date.now()), [state]);
  const facets = useQuery({
    queryKey: ["process-facets", facetRequest],
    queryFn: ({ signal }) => searchProcesses(facetRequest, signal),
    placeholderData: keepPreviousData,
    enabled: showFacets,
  });

  const submit = (text: string) => {
    const q = text.trim();
    setNotice(null);
    // A search that runs now anchors a relative window now (paging, back/forward and reload keep that anchor).
    const at = anchorNow(state.window);
    if (q === state.q && state.start === 0) {
      // The same search again: the analyst wants it fresh.
      if (at !== state.at) go({ at }, true);
      else {
        void results.refetch();
        if (showFacets) void facets.refetch();
      }
      return;
    }
    go({ q, start: 0, at });
  };

  const pickFacet = useCallback(
    (facet: ProcessFacetField, entry: FacetEntry) => {
      const q = queryWithFacet(state.q, facet, entry);
      if (q !== state.q) go({ q, start: 0 });
    },
    [go, state.q],
  );

  const toggleFacets = () => {
    const next = !showFacets;
    localStorage.setItem(FACETS_KEY, next ? "shown" : "hidden");
    setShowFacets(next);
  };

  const setWindow = (w: TimeWindow) =>
    go({ window: w, start: 0, from: w === "custom" ? state.from : undefined, to: w === "custom" ? state.to : undefined, at: anchorNow(w) });

  const error = results.error;
  const syntaxError = error instanceof ApiError && error.reason === "query_malformed_syntax" ? error : null;
  const serverError = useMemo(() => (syntaxError ? errorPosition(syntaxError.message) : null), [syntaxError]);
  const problem = useMemo(() => firstProblem(draft), [draft]);

  const data = results.isError ? undefined : results.data;
  const rows = useMemo(() => data?.results ?? [], [data]);
  const unit = state.group === "process" ? "processes" : "segments";
  const total = data?.total_results ?? 0;
  const first = total === 0 ? 0 : state.start + 1;
  const last = Math.min(state.start + rows.length, total);

  const tableWrap = useRef<HTMLDivElement>(null);
  useScrollMemory(tableWrap, location.key, data !== undefined && !results.isPlaceholderData);

  return (
    <div className="search-page">
      <PageTitle
        actions={
          globalAdmin ? (
            <button type="button" onClick={() => setWatchlistOpen(true)} disabled={!state.q.trim()} title={state.q.trim() ? undefined : "Run a query first"}>
              Save as watchlist
            </button>
          ) : undefined
        }
      >
        Process search
      </PageTitle>

      <form
        role="search"
        aria-label="Processes"
        className="panel search-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit(draft);
        }}
      >
        <div className="query-row">
          <span id="query-label" className="query-label">
            Query
          </span>
          <QueryEditor
            value={draft}
            onChange={setDraft}
            onSubmit={submit}
            labelledBy="query-label"
            describedBy="query-help query-error"
            placeholder="process_name:cmd.exe -hostname:build* (Enter to search, Ctrl-Space for fields)"
            serverError={serverError}
            autoFocus={!state.q}
          />
          <button type="submit" className="primary">
            Search
          </button>
        </div>
        <p id="query-help" className="muted query-help">
          <code>field:value</code>, <code>"quoted phrase"</code>, wildcards <code>*</code>, ranges <code>[a TO b]</code>,{" "}
          <code>AND</code> / <code>OR</code> / <code>NOT</code>, <code>-</code> to exclude, parentheses. Ctrl-Space lists
          the fields.
          {problem && !syntaxError && <span className="query-warning"> Check: {problem.message}.</span>}
        </p>
        <div id="query-error" aria-live="assertive">
          {syntaxError && (
            <p className="error" role="alert">
              The server cannot read this query: {syntaxError.message}
            </p>
          )}
        </div>
        <div className="row search-options">
          <label className="inline">
            Time window
            <select value={state.window} onChange={(e) => setWindow(e.target.value as TimeWindow)}>
              {TIME_WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {WINDOW_LABELS[w]}
                </option>
              ))}
            </select>
          </label>
          {state.window === "custom" && (
            <>
              <label className="inline">
                From
                <input
                  type="datetime-local"
                  value={toLocalInput(state.from)}
                  onChange={(e) => go({ from: fromLocalInput(e.target.value), start: 0 }, true)}
                />
              </label>
              <label className="inline">
                To
                <input type="datetime-local" value={toLocalInput(state.to)} onChange={(e) => go({ to: fromLocalInput(e.target.value), start: 0 }, true)} />
              </label>
            </>
          )}
          <fieldset className="inline-fieldset">
            <legend>One row per</legend>
            <label className="inline">
              <input type="radio" name="group" checked={state.group === "process"} onChange={() => go({ group: "process", start: 0 })} />
              process
            </label>
            <label className="inline">
              <input type="radio" name="group" checked={state.group === "segment"} onChange={() => go({ group: "segment", start: 0 })} />
              segment
            </label>
          </fieldset>
          <label className="inline">
            Rows per page
            <select
              value={state.rows}
              onChange={(e) => {
                const r = Number(e.target.value) as PageSize;
                go({ rows: r, start: alignedStart(state.start, r) });
              }}
            >
              {PAGE_SIZES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>

      <div aria-live="polite" className="search-notice">
        {notice}
      </div>
      {error && !syntaxError && <ErrorBox error={error} />}

      <div className="search-layout">
        <section className="facets" aria-labelledby="facets-heading">
          <div className="section-head">
            <h2 id="facets-heading">Facets</h2>
            <button type="button" className="ghost" aria-expanded={showFacets} aria-controls="facet-body" onClick={toggleFacets}>
              {showFacets ? "Hide" : "Show"}
            </button>
          </div>
          <div id="facet-body" hidden={!showFacets}>
            {showFacets &&
              (facets.data && !facets.isError ? (
                <FacetPanel facets={facets.data.facets} unit={unit} onPick={pickFacet} />
              ) : facets.isError ? null : (
                <Loading label="Counting facets" />
              ))}
          </div>
        </section>

        <section className="results" aria-labelledby="results-heading">
          <div className="section-head">
            <h2 id="results-heading">Results</h2>
            <p className="result-count" role="status" aria-live="polite">
              {data ? (
                <>
                  {formatCount(first)}–{formatCount(last)} of <strong data-testid="total-results">{formatCount(total)}</strong> {unit}
                  <span className="muted"> · {data.elapsed.toFixed(2)} s</span>
                  {results.isFetching && <span className="muted"> · updating…</span>}
                </>
              ) : results.isFetching ? (
                "Searching…"
              ) : null}
            </p>
            <Pager state={state} total={total} go={go} />
          </div>
          {data?.incomplete_results && <p className="muted">Some storage partitions could not be searched: results are incomplete.</p>}
          <div ref={tableWrap} className={results.isPlaceholderData ? "stale" : undefined}>
            {results.isPending && !data ? (
              <Loading label="Searching" />
            ) : (
              <ResultsTable
                rows={rows}
                sort={state.sort}
                onSort={(sort) => go({ sort, start: 0 })}
                caption={`Processes matching ${state.q || "everything"}, ${first} to ${last} of ${total}`}
                empty={syntaxError ? "Fix the query to see results." : "No process matches this search."}
              />
            )}
          </div>
        </section>
      </div>

      {globalAdmin && (
        <SaveWatchlistDialog
          open={watchlistOpen}
          query={state.q}
          onClose={() => setWatchlistOpen(false)}
          onSaved={(w) => {
            setWatchlistOpen(false);
            setNotice(
              <p className="ok-text">
                Saved watchlist “{w.name}” (id {w.id}). <Link to="/intel/watchlists">See watchlists</Link>
              </p>,
            );
          }}
        />
      )}
    </div>
  );
}

function Pager({ state, total, go }: { state: SearchState; total: number; go: (patch: Partial<SearchState>) => void }) {
  const page = Math.floor(state.start / state.rows) + 1;
  const pages = Math.max(1, Math.ceil(total / state.rows));
  const lastStart = (pages - 1) * state.rows;
  return (
    <nav className="pager" aria-label="Result pages">
      <button type="button" onClick={() => go({ start: 0 })} disabled={state.start === 0}>
        First
      </button>
      <button type="button" onClick={() => go({ start: Math.max(0, state.start - state.rows) })} disabled={state.start === 0}>
        Previous
      </button>
      <span className="muted">
        Page {formatCount(page)} of {formatCount(pages)}
      </span>
      <button type="button" onClick={() => go({ start: state.start + state.rows })} disabled={state.start + state.rows >= total}>
        Next
      </button>
      <button type="button" onClick={() => go({ start: lastStart })} disabled={state.start >= lastStart}>
        Last
      </button>
    </nav>
  );
}
