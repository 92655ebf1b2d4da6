import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { ACTIVITY_LIMIT, auditApi, type Activity } from "../../api/admin";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading } from "../../components/common";
import { cbTimeToIso, formatCount, formatTime } from "../../components/format";
import { distinct, filterActivity, isFiltered, readAuditFilter, writeAuditFilter, type AuditFilter } from "./auditFilter";

function statusClass(s: number) {
  return s >= 500 ? "badge danger" : s >= 400 ? "badge warn" : "badge ok";
}

type Row = Activity & { seq: number };

const columns: ColumnDef<Row, unknown>[] = [
  { id: "time", header: "Time", accessorFn: (e) => e.timestamp, cell: ({ row }) => formatTime(cbTimeToIso(row.original.timestamp)) },
  { id: "user", header: "User", accessorFn: (e) => e.username },
  { id: "ip", header: "Address", accessorFn: (e) => e.ip_address },
  { id: "method", header: "Method", accessorFn: (e) => e.method },
  { id: "path", header: "Path", accessorFn: (e) => e.path, cell: ({ getValue }) => <span className="mono">{String(getValue())}</span> },
  {
    id: "status",
    header: "Status",
    accessorFn: (e) => e.http_status,
    cell: ({ row }) => <span className={statusClass(row.original.http_status)}>{row.original.http_status}</span>,
  },
  { id: "what", header: "Outcome", accessorFn: (e) => e.http_description },
];

/**
 * The audit log: every API call and login, newest first, as the server keeps it (it answers the newest entries; the
 * filters apply to those, here). Filters live in the URL.
 */
export function AuditPanel() {
  const [params, setParams] = useSearchParams();
  const filter = readAuditFilter(params);
  const log = useQuery({ queryKey: ["useractivity"], queryFn: () => auditApi.recent(), placeholderData: keepPreviousData, staleTime: 0 });
  // Entries are numbered as answered (newest first), so that rows keep their identity across filters.
  const entries = useMemo<Row[]>(() => (log.data ?? []).map((e, seq) => ({ ...e, seq })), [log.data]);
  const filterKey = writeAuditFilter(filter).toString();
  const shown = useMemo(() => filterActivity(entries, readAuditFilter(new URLSearchParams(filterKey))), [entries, filterKey]);
  const users = useMemo(() => distinct(entries, "username"), [entries]);
  const methods = useMemo(() => distinct(entries, "method"), [entries]);
  const [path, setPath] = useState(filter.path);
  useEffect(() => setPath(filter.path), [filter.path]);

  const set = (changes: Partial<AuditFilter>, replace = false) => setParams(writeAuditFilter({ ...filter, ...changes }, params), { replace });

  return (
    <div className="stack">
      <form className="row ui-filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label>
          User
          <select value={filter.user} onChange={(e) => set({ user: e.target.value })}>
            <option value="">Anyone</option>
            {users.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
            {filter.user && !users.includes(filter.user) && <option value={filter.user}>{filter.user}</option>}
          </select>
        </label>
        <label>
          Method
          <select value={filter.method} onChange={(e) => set({ method: e.target.value })}>
            <option value="">Any</option>
            {methods.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
            {filter.method && !methods.includes(filter.method) && <option value={filter.method}>{filter.method}</option>}
          </select>
        </label>
        <label>
          Path contains
          <input
            type="search"
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              set({ path: e.target.value }, true);
            }}
            placeholder="/api/console/login"
          />
        </label>
        <label>
          Status
          <select value={filter.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">Any</option>
            <option value="2xx">2xx (worked)</option>
            <option value="4xx">4xx (refused)</option>
            <option value="401">401 (not logged in)</option>
            <option value="403">403 (forbidden)</option>
            <option value="5xx">5xx (server error)</option>
            {filter.status && !["2xx", "4xx", "401", "403", "5xx"].includes(filter.status) && <option value={filter.status}>{filter.status}</option>}
          </select>
        </label>
        <div className="row ui-filters-group">
          <label>
            From
            <input type="datetime-local" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
          </label>
          <label>
            To
            <input type="datetime-local" value={filter.to} onChange={(e) => set({ to: e.target.value })} />
          </label>
          {isFiltered(filter) && (
            <button type="button" onClick={() => setParams(writeAuditFilter({ user: "", method: "", path: "", status: "", from: "", to: "" }, params))}>
              Clear filters
            </button>
          )}
          <button type="button" onClick={() => void log.refetch()} disabled={log.isFetching}>
            {log.isFetching ? "Refreshing…" : "Refresh"}
          </button>
        </div>
      </form>
      <p className="muted ui-count" aria-live="polite" data-testid="audit-count">
        {log.data
          ? `${formatCount(shown.length)} of the newest ${formatCount(entries.length)} entries${entries.length >= ACTIVITY_LIMIT ? " (older ones are not loaded)" : ""}`
          : ""}
      </p>
      <ErrorBox error={log.error} />
      {log.isLoading ? (
        <Loading label="Loading the audit log" />
      ) : (
        <DataTable
          data={shown}
          columns={columns}
          rowId={(e) => String(e.seq)}
          caption="Audit log, newest first"
          height="calc(100vh - 330px)"
          empty="No entry matches the filters."
        />
      )}
    </div>
  );
}
