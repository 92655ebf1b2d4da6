import { useEffect, useMemo, useState, type FormEvent } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef, RowSelectionState, SortingState } from "@tanstack/react-table";
import { iocCount, reportsApi, type Feed, type ThreatReport } from "../../api/intel";
import { DataTable } from "../../components/DataTable";
import { ErrorBox } from "../../components/common";
import { formatCount, formatTime } from "../../components/format";
import { failure, selectColumn } from "../../components/forms";
import { ignoredFilterValue, REPORT_ROWS, type IgnoredFilter, type ReportView } from "./urlState";

/**
 * A report's link as a feed sent it, when it is a web page (http or https); null otherwise. A feed is someone else's
 * data: `javascript:` or `data:` in a link would run in the console when clicked.
 */
export function webLink(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    const url = new URL(link.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * One feed's reports, a page at a time (the threat-report search, `feed_id:<id>`), with a filter, server-side sort on
 * score and time, and ignoring or heeding reports one by one or selected together (global administrators only).
 */
export function FeedReports({
  feed,
  view,
  onView,
  canChange,
  say,
}: {
  feed: Feed;
  view: ReportView;
  onView: (v: Partial<ReportView>) => void;
  canChange: boolean;
  say: (message: string, isError?: boolean) => void;
}) {
  const queries = useQueryClient();
  const ignored = ignoredFilterValue(view.ignored);
  const key = ["threat-reports", feed.id, view.text, view.ignored, view.start, view.sort] as const;
  const reports = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      reportsApi.search({ feedId: feed.id, text: view.text, ignored, start: view.start, rows: REPORT_ROWS, sort: view.sort }, signal),
    placeholderData: keepPreviousData,
  });
  const [selection, setSelection] = useState<RowSelectionState>({});
  // A new page or filter starts with nothing selected: what is selected is always on screen.
  useEffect(() => setSelection({}), [feed.id, view.text, view.ignored, view.start, view.sort]);

  const setIgnored = useMutation({
    mutationFn: ({ ids, ignore }: { ids: string[]; ignore: boolean }) => reportsApi.setIgnored(feed.id, ids, ignore),
    onSuccess: (_r, { ids, ignore }) => {
      say(`${ids.length === 1 ? "1 report" : `${ids.length} reports`} of ${feed.display_name} ${ignore ? "ignored" : "heeded again"}.`);
      setSelection({});
      void queries.invalidateQueries({ queryKey: ["threat-reports", feed.id] });
    },
    onError: (e) => say(`Could not change the reports: ${failure(e)}`, true),
  });

  const columns = useMemo<ColumnDef<ThreatReport, unknown>[]>(() => {
    const cols: ColumnDef<ThreatReport, unknown>[] = [
      {
        id: "title",
        header: "Title",
        enableSorting: false,
        cell: ({ row }) => {
          const href = webLink(row.original.link);
          return href ? (
            <a href={href} target="_blank" rel="noopener noreferrer" title={row.original.description || row.original.title}>
              {row.original.title}
            </a>
          ) : (
            <span title={row.original.link ? `Link not offered (not http or https): ${row.original.link}` : undefined}>{row.original.title}</span>
          );
        },
      },
      { id: "score", header: "Score", accessorFn: (r) => r.score, size: 80 },
      { id: "iocs", header: "Indicators", accessorFn: (r) => iocCount(r), enableSorting: false, size: 100 },
      { id: "timestamp", header: "Published", accessorFn: (r) => r.timestamp, cell: ({ row }) => formatTime(new Date(row.original.timestamp * 1000).toISOString()) },
      {
        id: "is_ignored",
        header: "Ignored",
        enableSorting: false,
        size: 90,
        cell: ({ row }) => (row.original.is_ignored ? <span className="badge warn">Ignored</span> : <span className="muted">No</span>),
      },
    ];
    if (canChange) {
      cols.unshift(selectColumn<ThreatReport>((r) => r.title));
      cols.push({
        id: "act",
        header: () => <span className="sr-only">Actions</span>,
        enableSorting: false,
        cell: ({ row }) => (
          <button
            type="button"
            className="ui-small"
            disabled={setIgnored.isPending}
            onClick={() => setIgnored.mutate({ ids: [row.original.id], ignore: !row.original.is_ignored })}
            aria-label={`${row.original.is_ignored ? "Heed" : "Ignore"} ${row.original.title}`}
          >
            {row.original.is_ignored ? "Heed" : "Ignore"}
          </button>
        ),
      });
    }
    return cols;
  }, [canChange, setIgnored]);

  const sorting: SortingState = useMemo(() => {
    const [id, dir] = view.sort.split(" ");
    return [{ id, desc: dir === "desc" }];
  }, [view.sort]);

  const data = reports.data?.results ?? [];
  const total = reports.data?.total_results ?? 0;
  const selectedIds = Object.keys(selection).filter((k) => selection[k]);
  const [text, setText] = useState(view.text);
  useEffect(() => setText(view.text), [view.text]);
  const search = (e: FormEvent) => {
    e.preventDefault();
    onView({ text, start: 0 });
  };
  const first = total === 0 ? 0 : view.start + 1;
  const last = Math.min(view.start + REPORT_ROWS, total);

  return (
    <section className="panel" aria-labelledby="feed-reports-title">
      <div className="row ui-between">
        <h2 id="feed-reports-title">Reports of {feed.display_name || feed.name}</h2>
        <button type="button" onClick={() => onView({ feedId: null })}>
          Close reports
        </button>
      </div>
      <form className="row ui-filters" onSubmit={search} role="search" aria-label="Filter reports">
        <label>
          Search the reports
          <input type="search" size={32} value={text} onChange={(e) => setText(e.target.value)} placeholder="title:phishing or an MD5" />
        </label>
        <label>
          Show
          <select value={view.ignored} onChange={(e) => onView({ ignored: e.target.value as IgnoredFilter, start: 0 })}>
            <option value="all">All reports</option>
            <option value="heeded">Heeded only</option>
            <option value="ignored">Ignored only</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={reports.error} />
      <div className="row ui-between intel-toolbar">
        <p className="muted" aria-live="polite" data-testid="report-range">
          {reports.isLoading ? "Loading reports…" : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)} reports`}
        </p>
        <div className="row">
          {canChange && (
            <>
              <button
                type="button"
                disabled={selectedIds.length === 0 || setIgnored.isPending}
                onClick={() => setIgnored.mutate({ ids: selectedIds, ignore: true })}
              >
                Ignore selected ({selectedIds.length})
              </button>
              <button
                type="button"
                disabled={selectedIds.length === 0 || setIgnored.isPending}
                onClick={() => setIgnored.mutate({ ids: selectedIds, ignore: false })}
              >
                Heed selected
              </button>
            </>
          )}
          <button type="button" disabled={view.start === 0} onClick={() => onView({ start: Math.max(0, view.start - REPORT_ROWS) })}>
            Previous page
          </button>
          <button type="button" disabled={last >= total} onClick={() => onView({ start: view.start + REPORT_ROWS })}>
            Next page
          </button>
        </div>
      </div>
      <DataTable
        data={data}
        columns={columns}
        rowId={(r) => r.id}
        caption={`Reports of ${feed.display_name || feed.name}`}
        sorting={sorting}
        onSortingChange={(updater) => {
          const next = typeof updater === "function" ? updater(sorting) : updater;
          // Sorting is never off here: a third click turns the direction around instead.
          const s = next[0] ?? { id: sorting[0].id, desc: !sorting[0].desc };
          if (s.id === "score" || s.id === "timestamp") onView({ sort: `${s.id} ${s.desc ? "desc" : "asc"}`, start: 0 });
        }}
        selection={canChange ? selection : undefined}
        onSelectionChange={canChange ? setSelection : undefined}
        height="calc(100vh - 420px)"
        empty={reports.isLoading ? "Loading…" : "No report matches."}
      />
    </section>
  );
}
