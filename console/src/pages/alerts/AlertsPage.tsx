import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef, RowSelectionState, SortingState, Updater } from "@tanstack/react-table";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { formatAgo, formatCount, formatTime } from "../../components/format";
import { usePermissions } from "../../api/session";
import { ALERT_STATUSES, alertsApi, alertTarget, type Alert, type AlertStatus } from "../../api/alerts";
import {
  DEFAULT_FILTERS,
  PAGE_SIZES,
  TIME_WINDOWS,
  filtersToParams,
  pageCount,
  parseFilters,
  searchParams,
  type AlertFilters,
  type SortField,
  type TimeWindow,
} from "./alertFilters";
import "./alerts.css";

const alertKeys = {
  all: ["alerts"] as const,
  search: (p: ReturnType<typeof searchParams>) => ["alerts", "search", p] as const,
  sources: ["alerts", "sources"] as const,
};

/** The bulk changes offered, as an analyst says them. */
const TRIAGE: { status: AlertStatus; label: string }[] = [
  { status: "Resolved", label: "Resolve" },
  { status: "In Progress", label: "Mark in progress" },
  { status: "False Positive", label: "Mark false positive" },
  { status: "Unresolved", label: "Reopen" },
];

export default function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const request = useMemo(() => searchParams(filters), [filters]);
  const perms = usePermissions();
  const client = useQueryClient();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [outcome, setOutcome] = useState("");

  const alerts = useQuery({
    queryKey: alertKeys.search(request),
    queryFn: ({ signal }) => alertsApi.search(request, signal),
    placeholderData: keepPreviousData,
  });
  const sources = useQuery({ queryKey: alertKeys.sources, queryFn: ({ signal }) => alertsApi.sources(signal), staleTime: 60_000 });

  // A new search starts with nothing selected: a selection is of the rows on the screen.
  const requestKey = JSON.stringify(request);
  useEffect(() => setSelection({}), [requestKey]);

  const apply = (f: AlertFilters) => setParams(filtersToParams(f));
  const applyFilters = (change: Partial<AlertFilters>) => apply({ ...filters, ...change, page: 1 });

  const triage = useMutation({
    mutationFn: ({ ids, status }: { ids: string[]; status: AlertStatus }) => alertsApi.changeStatus(ids, status),
    onSuccess: (r, { status }) => {
      // Searched again, not patched in place: changed alerts may leave this view, and the page must refill from the
      // next ones with the new total, or Next would skip as many alerts as left.
      void client.invalidateQueries({ queryKey: alertKeys.all });
      setSelection({});
      setOutcome(
        `${r.changed} ${r.changed === 1 ? "alert" : "alerts"} marked ${status}` +
          (r.skipped > 0 ? `; ${r.skipped} left unchanged (in groups you do not administer)` : "") +
          ".",
      );
    },
    onError: () => setOutcome(""),
  });

  const rows = alerts.data?.results ?? [];
  const selectedIds = rows.filter((a) => selection[a.unique_id]).map((a) => a.unique_id);
  const columns = useMemo(() => alertColumns(perms.administersAnyGroup), [perms.administersAnyGroup]);
  const sorting: SortingState = [{ id: filters.sort, desc: filters.desc }];
  const onSortingChange = (u: Updater<SortingState>) => {
    const next = (typeof u === "function" ? u(sorting) : u)[0];
    applyFilters(next ? { sort: next.id as SortField, desc: next.desc } : { sort: DEFAULT_FILTERS.sort, desc: DEFAULT_FILTERS.desc });
  };
  const total = alerts.data?.total_results ?? 0;
  const pages = pageCount(total, filters.rows);
  // A page that emptied (its alerts triaged away) gives way to the last page there is.
  const beyond = alerts.data !== undefined && !alerts.isPlaceholderData && filters.page > pages;
  useEffect(() => {
    if (beyond) setParams(filtersToParams({ ...filters, page: pages }), { replace: true });
  }, [beyond, pages, filters, setParams]);
  const sourceNames = useMemo(() => {
    const f = sources.data?.facets ?? {};
    const names = new Set<string>();
    for (const field of ["watchlist_name", "feed_name"]) for (const v of f[field] ?? []) if (v.name) names.add(v.name);
    return [...names].sort((a, b) => a.localeCompare(b));
  }, [sources.data]);

  return (
    <>
      <PageTitle>Alerts</PageTitle>
      <FilterForm key={params.toString()} filters={filters} sourceNames={sourceNames} onApply={applyFilters} />
      <ErrorBox error={alerts.error} />
      <div className="row alerts-toolbar">
        <p role="status" aria-live="polite" className="alert-count" data-testid="alert-count">
          {alerts.isPending ? "" : `${formatCount(total)} ${total === 1 ? "alert" : "alerts"}`}
          {alerts.isFetching && !alerts.isPending ? <span className="muted"> · updating…</span> : null}
        </p>
        {perms.administersAnyGroup && (
          <div className="row alerts-triage" role="group" aria-label="Change the selected alerts">
            <span className="muted">{selectedIds.length} selected</span>
            {TRIAGE.map((t) => (
              <button
                key={t.status}
                type="button"
                className={t.status === "Resolved" ? "primary" : undefined}
                disabled={selectedIds.length === 0 || triage.isPending}
                onClick={() => triage.mutate({ ids: selectedIds, status: t.status })}
              >
                {t.label}
              </button>
            ))}
          </div>
        )}
      </div>
      <p role="status" aria-live="polite" className="muted triage-outcome">
        {triage.isPending ? "Changing the alerts…" : outcome}
      </p>
      <ErrorBox error={triage.error} />
      {alerts.isPending ? (
        <Loading label="Loading alerts" />
      ) : (
        <DataTable
          data={rows}
          columns={columns}
          rowId={(a) => a.unique_id}
          sorting={sorting}
          onSortingChange={onSortingChange}
          selection={perms.administersAnyGroup ? selection : undefined}
          onSelectionChange={perms.administersAnyGroup ? setSelection : undefined}
          caption="Alerts"
          height="calc(100vh - 380px)"
          empty="No alert matches these filters."
        />
      )}
      <nav className="row alerts-pager" aria-label="Pages of alerts">
        <button type="button" disabled={filters.page <= 1} onClick={() => apply({ ...filters, page: filters.page - 1 })}>
          Previous
        </button>
        <span>
          Page {Math.min(filters.page, pages)} of {pages}
        </span>
        <button type="button" disabled={filters.page >= pages} onClick={() => apply({ ...filters, page: filters.page + 1 })}>
          Next
        </button>
        <label className="inline">
          Per page
          <select value={filters.rows} onChange={(e) => applyFilters({ rows: Number(e.target.value) })}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </>
  );
}

/**
 * The filters, as a form over the URL's values: text fields apply on Enter or "Apply" (a search per keystroke would
 * be wasted), choices apply at once. Re-created when the URL changes, so back and forward show what they search.
 */
function FilterForm({
  filters,
  sourceNames,
  onApply,
}: {
  filters: AlertFilters;
  sourceNames: string[];
  onApply: (f: Partial<AlertFilters>) => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const d = new FormData(form.current!);
    const num = (k: string) => {
      const v = String(d.get(k) ?? "").trim();
      return v === "" || !Number.isFinite(Number(v)) ? null : Number(v);
    };
    const status = String(d.get("status") ?? "");
    onApply({
      status: (ALERT_STATUSES as readonly string[]).includes(status) ? (status as AlertStatus) : null,
      minSeverity: num("minsev"),
      maxSeverity: num("maxsev"),
      minScore: num("minscore"),
      maxScore: num("maxscore"),
      source: String(d.get("source") ?? ""),
      hostname: String(d.get("host") ?? ""),
      window: String(d.get("window") ?? "") as TimeWindow,
      query: String(d.get("query") ?? ""),
    });
  };
  const now = () => form.current?.requestSubmit();
  const anyFilter =
    filters.status !== DEFAULT_FILTERS.status ||
    filters.minSeverity !== null ||
    filters.maxSeverity !== null ||
    filters.minScore !== null ||
    filters.maxScore !== null ||
    filters.source ||
    filters.hostname ||
    filters.window ||
    filters.query;
  return (
    <form ref={form} className="alert-filters" role="search" aria-label="Filter alerts" onSubmit={submit}>
      <label>
        Status
        <select name="status" defaultValue={filters.status ?? "any"} onChange={now}>
          <option value="any">Any</option>
          {ALERT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <Range legend="Severity" name="sev" min={0} max={100} low={filters.minSeverity} high={filters.maxSeverity} />
      <Range legend="Score" name="score" min={-100} max={100} low={filters.minScore} high={filters.maxScore} />
      <label>
        Watchlist or feed
        <input name="source" type="text" list="alert-sources" defaultValue={filters.source} />
        <datalist id="alert-sources">
          {sourceNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </label>
      <label>
        Hostname
        <input name="host" type="text" defaultValue={filters.hostname} placeholder="e.g. WIN-01 or web*" />
      </label>
      <label>
        Created
        <select name="window" defaultValue={filters.window} onChange={now}>
          {TIME_WINDOWS.map((w) => (
            <option key={w.key} value={w.key}>
              {w.label}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        Query
        <input name="query" type="text" defaultValue={filters.query} placeholder="e.g. process_name:svchost.exe" />
      </label>
      <div className="row buttons">
        <button type="submit" className="primary">
          Apply
        </button>
        {anyFilter && (
          <button
            type="button"
            onClick={() =>
              onApply({ ...DEFAULT_FILTERS, sort: filters.sort, desc: filters.desc, rows: filters.rows })
            }
          >
            Reset
          </button>
        )}
      </div>
    </form>
  );
}

/** A from–to pair of number inputs (`min<name>`, `max<name>` in the form); either end may stay open. */
function Range({ legend, name, min, max, low, high }: { legend: string; name: string; min: number; max: number; low: number | null; high: number | null }) {
  return (
    <fieldset className="range">
      <legend>{legend}</legend>
      <div className="range-inputs">
        <label>
          <span className="sr-only">Minimum {legend.toLowerCase()}</span>
          <input name={`min${name}`} type="number" min={min} max={max} placeholder="min" defaultValue={low ?? ""} />
        </label>
        <span aria-hidden="true">–</span>
        <label>
          <span className="sr-only">Maximum {legend.toLowerCase()}</span>
          <input name={`max${name}`} type="number" min={min} max={max} placeholder="max" defaultValue={high ?? ""} />
        </label>
      </div>
    </fieldset>
  );
}

function statusTone(status: string): string {
  switch (status) {
    case "Unresolved":
      return "danger";
    case "In Progress":
      return "warn";
    case "Resolved":
      return "ok";
    default:
      return "";
  }
}

export function alertColumns(selectable: boolean): ColumnDef<Alert, unknown>[] {
  const cols: ColumnDef<Alert, unknown>[] = [];
  if (selectable) {
    cols.push({
      id: "select",
      size: 36,
      enableSorting: false,
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label="Select every alert on this page"
          checked={table.getIsAllRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomeRowsSelected();
          }}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label={`Select the alert on ${row.original.hostname} (${row.original.process_name || row.original.md5})`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    });
  }
  cols.push(
    {
      id: "status",
      header: "Status",
      accessorFn: (a) => a.status,
      cell: ({ row }) => (
        <span className={`badge ${statusTone(row.original.status)}`} data-testid="alert-status">
          {row.original.status}
        </span>
      ),
    },
    {
      id: "alert_severity",
      header: "Severity",
      accessorFn: (a) => a.alert_severity,
      cell: ({ row }) => <Severity value={row.original.alert_severity} />,
    },
    { id: "report_score", header: "Score", accessorFn: (a) => a.report_score },
    {
      id: "created_time",
      header: "Created",
      accessorFn: (a) => a.created_time,
      cell: ({ row }) => (
        <time dateTime={row.original.created_time} title={formatTime(row.original.created_time)}>
          {formatAgo(row.original.created_time)}
        </time>
      ),
    },
    {
      id: "watchlist_name",
      header: "Source",
      accessorFn: (a) => a.watchlist_name,
      cell: ({ row }) => {
        const a = row.original;
        const feed = a.feed_id > 0;
        const name = feed ? a.feed_name : a.watchlist_name;
        return (
          <span className="alert-source" title={`${feed ? "Feed" : "Watchlist"} ${name} (${a.alert_type})`}>
            {name}
            <span className="sr-only"> ({feed ? "feed" : "watchlist"})</span>
          </span>
        );
      },
    },
    {
      id: "hostname",
      header: "Host",
      accessorFn: (a) => a.hostname,
      cell: ({ row }) => <Link to={`/sensors/${row.original.sensor_id}`}>{row.original.hostname}</Link>,
    },
    {
      id: "process_name",
      header: "Process or binary",
      accessorFn: (a) => a.process_name ?? "",
      cell: ({ row }) => {
        const a = row.original;
        const target = alertTarget(a);
        const text = target?.kind === "binary" ? a.md5.toUpperCase() : a.process_name || a.process_id || "process";
        if (!target) return <span className="muted">—</span>;
        return (
          <Link to={target.path} className={target.kind === "binary" ? "mono" : undefined} title={a.process_path || undefined}>
            {text}
          </Link>
        );
      },
    },
    { id: "assigned_to", header: "Assigned to", enableSorting: false, accessorFn: (a) => a.assigned_to, cell: ({ row }) => row.original.assigned_to || "" },
  );
  return cols;
}

/** The severity as a number and a bar (the number is what is read; the bar is decoration). */
function Severity({ value }: { value: number }) {
  const v = Math.max(0, Math.min(100, Number(value) || 0));
  return (
    <span className="alert-severity">
      <span className="alert-severity-bar" aria-hidden="true">
        <span style={{ width: `${v}%` }} />
      </span>
      {Math.round(v)}
    </span>
  );
}
