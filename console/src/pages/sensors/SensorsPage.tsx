import { useMemo } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { ColumnDef, SortingState, Updater } from "@tanstack/react-table";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading, PageTitle, Tabs } from "../../components/common";
import { cbTimeToIso, formatAgo, formatTime } from "../../components/format";
import { isolationState, networkAdapters, osName, type Sensor } from "../../api/sensors";
import { IsolationBadge, StatusBadge } from "./badges";
import { GroupsPanel } from "./GroupsPanel";
import { groupNamer, useSensorGroups, useSensorList } from "./queries";
import {
  applySensorFilters,
  filterAndSort,
  parseSensorFilters,
  summarize,
  type IsolationFilter,
  type SensorFilters,
  type SensorSortKey,
  type StatusFilter,
} from "./sensorFilters";
import "./sensors.css";

type Tab = "sensors" | "groups";

export default function SensorsPage() {
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get("tab") === "groups" ? "groups" : "sensors";
  const setTab = (t: Tab) => {
    const next = new URLSearchParams(params);
    if (t === "sensors") next.delete("tab");
    else next.set("tab", t);
    setParams(next);
  };
  return (
    <>
      <PageTitle>Sensors</PageTitle>
      <Tabs
        label="Sensors and groups"
        active={tab}
        onChange={setTab}
        tabs={[
          { key: "sensors", label: "Sensors" },
          { key: "groups", label: "Groups" },
        ]}
      />
      <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === "sensors" ? <SensorList /> : <GroupsPanel />}
      </div>
    </>
  );
}

function SensorList() {
  const [params, setParams] = useSearchParams();
  const filters = parseSensorFilters(params);
  const navigate = useNavigate();
  const sensors = useSensorList();
  const groups = useSensorGroups();
  const groupName = useMemo(() => groupNamer(groups.data), [groups.data]);

  const update = (change: Partial<SensorFilters>, replace = false) =>
    setParams(applySensorFilters(params, { ...filters, ...change }), { replace });

  const all = sensors.data?.results;
  const shown = useMemo(() => (all ? filterAndSort(all, filters, groupName) : []), [all, filters.status, filters.isolation, filters.group, filters.text, filters.sort, filters.desc, groupName]);
  const summary = useMemo(() => summarize(all ?? []), [all]);
  const columns = useMemo(() => sensorColumns(groupName), [groupName]);
  const sorting: SortingState = [{ id: filters.sort, desc: filters.desc }];
  const onSortingChange = (u: Updater<SortingState>) => {
    const next = typeof u === "function" ? u(sorting) : u;
    const first = next[0];
    // A third click on a header clears TanStack's sort: go back to the default order then.
    update(first ? { sort: first.id as SensorSortKey, desc: first.desc } : { sort: "computer_name", desc: false });
  };
  const filtered = filters.status || filters.isolation || filters.group !== null || filters.text.trim();

  return (
    <div className="stack">
      {all && (
        <p className="sensor-summary">
          <strong>{summary.total}</strong> sensors · <strong>{summary.online}</strong> online · <strong>{summary.offline}</strong>{" "}
          offline · <strong>{summary.isolated}</strong> isolated
          {summary.pending > 0 && (
            <>
              {" "}
              · <strong>{summary.pending}</strong> isolation changes pending
            </>
          )}
        </p>
      )}
      <form className="row sensor-filters" role="search" aria-label="Filter sensors" onSubmit={(e) => e.preventDefault()}>
        <label>
          Hostname or IP
          <input
            type="search"
            value={filters.text}
            placeholder="e.g. web-01 or 10.0.0."
            onChange={(e) => update({ text: e.target.value }, true)}
          />
        </label>
        <label>
          Status
          <select value={filters.status} onChange={(e) => update({ status: e.target.value as StatusFilter })}>
            <option value="">Any</option>
            <option value="online">Online</option>
            <option value="offline">Offline</option>
            <option value="uninstalled">Uninstalled</option>
          </select>
        </label>
        <label>
          Isolation
          <select value={filters.isolation} onChange={(e) => update({ isolation: e.target.value as IsolationFilter })}>
            <option value="">Any</option>
            <option value="isolated">Isolated</option>
            <option value="pending">Change pending</option>
            <option value="none">Not isolated</option>
          </select>
        </label>
        <label>
          Group
          <select
            value={filters.group === null ? "" : String(filters.group)}
            onChange={(e) => update({ group: e.target.value === "" ? null : Number(e.target.value) })}
          >
            <option value="">All groups</option>
            {(groups.data ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
            {filters.group !== null && !(groups.data ?? []).some((g) => g.id === filters.group) && (
              <option value={filters.group}>{groupName(filters.group)}</option>
            )}
          </select>
        </label>
        {filtered && (
          <button type="button" className="clear" onClick={() => update({ status: "", isolation: "", group: null, text: "" })}>
            Clear filters
          </button>
        )}
      </form>
      <ErrorBox error={sensors.error} />
      {sensors.isPending ? (
        <Loading label="Loading sensors" />
      ) : (
        <>
          <p className="muted" role="status" aria-live="polite" data-testid="sensor-count">
            {filtered ? `${shown.length} of ${all?.length ?? 0} sensors match` : `${shown.length} sensors`}
            {sensors.data && sensors.data.total_results > sensors.data.results.length
              ? ` (the server has ${sensors.data.total_results}; the first ${sensors.data.results.length} are listed)`
              : ""}
          </p>
          <DataTable
            data={shown}
            columns={columns}
            rowId={(s) => String(s.id)}
            sorting={sorting}
            onSortingChange={onSortingChange}
            caption="Sensors"
            empty={filtered ? "No sensor matches these filters." : "No sensor has registered yet."}
            onRowOpen={(s) => navigate(`/sensors/${s.id}`)}
          />
        </>
      )}
    </div>
  );
}

export function sensorColumns(groupName: (id: number) => string): ColumnDef<Sensor, unknown>[] {
  return [
    {
      id: "computer_name",
      header: "Hostname",
      accessorFn: (s) => s.computer_name,
      cell: ({ row }) => (
        <Link to={`/sensors/${row.original.id}`} className="sensor-hostname">
          {row.original.computer_name || `Sensor ${row.original.id}`}
        </Link>
      ),
    },
    { id: "status", header: "Status", accessorFn: (s) => s.status, cell: ({ row }) => <StatusBadge status={row.original.status} /> },
    {
      id: "os",
      header: "OS",
      accessorFn: (s) => osName(s.os_type),
      // The environment string names the OS already ("Windows 10 Enterprise"); the family alone when there is none.
      cell: ({ row }) => (
        <span className="sensor-os" title={`${osName(row.original.os_type)}: ${row.original.os_environment_display_string}`}>
          {row.original.os_environment_display_string || osName(row.original.os_type)}
        </span>
      ),
    },
    { id: "group", header: "Group", accessorFn: (s) => groupName(s.group_id), cell: ({ row }) => groupName(row.original.group_id) },
    {
      id: "last_checkin_time",
      header: "Last check-in",
      accessorFn: (s) => s.last_checkin_time,
      cell: ({ row }) => {
        const iso = cbTimeToIso(row.original.last_checkin_time);
        return <time dateTime={iso ?? undefined} title={formatTime(iso)}>{formatAgo(iso)}</time>;
      },
    },
    { id: "isolation", header: "Isolation", accessorFn: (s) => isolationState(s), cell: ({ row }) => <IsolationBadge sensor={row.original} quietWhenNone /> },
    {
      id: "ips",
      header: "IP addresses",
      enableSorting: false,
      cell: ({ row }) => (
        <span className="mono">
          {networkAdapters(row.original.network_adapters)
            .map((a) => a.ip)
            .join(", ") || "—"}
        </span>
      ),
    },
  ];
}
