import { useLayoutEffect, useMemo, useRef } from "react";
import { Link, useNavigate } from "react-router";
import type { ColumnDef, SortingState, Updater } from "@tanstack/react-table";
import { DataTable } from "../../components/DataTable";
import { formatTime } from "../../components/format";
import { feedScores, hasFeedScore, processPath, type ProcessDocument } from "../../api/process";
import { DEFAULT_SORT } from "./searchState";

/** The API sort (`"start desc"`) as the table's sorting state; the default order marks no column. */
export function sortingOf(sort: string): SortingState {
  if (sort === DEFAULT_SORT) return [];
  const [id, dir] = sort.split(" ");
  return [{ id, desc: dir === "desc" }];
}

/** The table's new sorting as the API sort; no column sorted means the default order. */
export function sortOf(sorting: SortingState): string {
  const first = sorting[0];
  return first ? `${first.id} ${first.desc ? "desc" : "asc"}` : DEFAULT_SORT;
}

const count = (id: keyof ProcessDocument & string, header: string, title: string): ColumnDef<ProcessDocument> => ({
  id,
  accessorFn: (row) => row[id] as number,
  header: () => <span title={title}>{header}</span>,
  cell: (c) => <span className="num">{(c.getValue() as number) ?? "—"}</span>,
  sortDescFirst: true,
  size: 64,
});

function Tags({ doc }: { doc: ProcessDocument }) {
  const scores = feedScores(doc);
  const hits = doc.watchlists ?? [];
  return (
    <span className="tags">
      {scores.map((s) => (
        <span key={s.feed} className={`badge ${s.score >= 75 ? "danger" : s.score >= 40 ? "warn" : ""}`} title={`Feed ${s.feed}: score ${s.score}`}>
          {s.feed} {s.score}
        </span>
      ))}
      {hits.map((w) => (
        <span key={w.wid} className="badge warn" title={`Watchlist ${w.wid} hit at ${w.value}`}>
          watchlist {w.wid}
        </span>
      ))}
    </span>
  );
}

function columns(withTags: boolean): ColumnDef<ProcessDocument, any>[] {
  const cols: ColumnDef<ProcessDocument, any>[] = [
    {
      id: "start",
      accessorKey: "start",
      header: "Start time",
      cell: (c) => <time dateTime={c.row.original.start} title={c.row.original.start}>{formatTime(c.row.original.start)}</time>,
      sortDescFirst: true,
      size: 170,
    },
    { id: "hostname", accessorKey: "hostname", header: "Host", size: 140 },
    {
      id: "username_full",
      accessorKey: "username",
      header: "User",
      cell: (c) => c.row.original.username || <span className="muted">—</span>,
      size: 150,
    },
    {
      id: "process_name",
      accessorKey: "process_name",
      header: "Process",
      cell: (c) => (
        <Link to={processPath(c.row.original)} title={c.row.original.path}>
          {c.row.original.process_name || "(unknown)"}
        </Link>
      ),
      size: 150,
    },
    {
      id: "process_pid",
      accessorKey: "process_pid",
      header: "PID",
      cell: (c) => <span className="num">{c.row.original.process_pid}</span>,
      size: 70,
    },
    {
      id: "cmdline",
      accessorKey: "cmdline",
      header: "Command line",
      enableSorting: false,
      cell: (c) => (
        <span className="mono cmdline" title={c.row.original.cmdline}>
          {c.row.original.cmdline || c.row.original.path}
        </span>
      ),
    },
    count("netconn_count", "Net", "Network connections"),
    count("filemod_count", "Files", "File modifications"),
    count("modload_count", "Mods", "Modules loaded"),
    count("regmod_count", "Reg", "Registry modifications"),
    count("childproc_count", "Children", "Child processes"),
  ];
  if (withTags) {
    cols.push({ id: "tags", header: "Tags / score", enableSorting: false, cell: (c) => <Tags doc={c.row.original} /> });
  }
  return cols;
}

/**
 * One page of results in the virtualised table. Sorting goes to the server (the page is one slice of the whole
 * result). How long a new page takes to render is recorded as the User Timing measure `search-results-render`
 * (React commit to the next frame), which the end-to-end test reads.
 */
export function ResultsTable({
  rows,
  sort,
  onSort,
  caption,
  empty,
}: {
  rows: ProcessDocument[];
  sort: string;
  onSort: (sort: string) => void;
  caption: string;
  empty: string;
}) {
  const navigate = useNavigate();
  const withTags = useMemo(() => rows.some((r) => (r.watchlists?.length ?? 0) > 0 || hasFeedScore(r)), [rows]);
  const cols = useMemo(() => columns(withTags), [withTags]);
  const sorting = useMemo(() => sortingOf(sort), [sort]);
  const renderStart = useMemo(() => performance.now(), [rows]);
  const measured = useRef<ProcessDocument[] | null>(null);

  useLayoutEffect(() => {
    if (measured.current === rows) return;
    measured.current = rows;
    const committed = performance.now();
    requestAnimationFrame(() => {
      const painted = performance.now();
      try {
        performance.measure("search-results-render", {
          start: renderStart,
          end: painted,
          detail: { rows: rows.length, commitMs: committed - renderStart },
        });
      } catch {
        // User Timing with options is missing in some test environments; the measure is diagnostic only.
      }
    });
  }, [rows, renderStart]);

  const onSortingChange = (updater: Updater<SortingState>) => {
    const next = typeof updater === "function" ? updater(sorting) : updater;
    onSort(sortOf(next));
  };

  return (
    <DataTable
      data={rows}
      columns={cols}
      rowId={(r) => r.unique_id}
      sorting={sorting}
      onSortingChange={onSortingChange}
      caption={caption}
      empty={empty}
      height="calc(100vh - 150px)"
      onRowOpen={(r) => navigate(processPath(r))}
    />
  );
}
