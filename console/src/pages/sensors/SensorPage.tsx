import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "../../components/DataTable";
import { ConfirmDialog, ErrorBox, Loading, PageTitle } from "../../components/common";
import { cbTimeToIso, formatAgo, formatBytes, formatCount, formatTime } from "../../components/format";
import { usePermissions } from "../../api/session";
import {
  formatDuration,
  isolationPending,
  isolationState,
  networkAdapters,
  numeric,
  osName,
  sensorProcessesPath,
  sensorsApi,
  type Sensor,
  type SensorActivity,
  type SensorChange,
  type SensorGroup,
} from "../../api/sensors";
import { IsolationBadge, StatusBadge } from "./badges";
import { groupNamer, sensorKeys, useSensor, useSensorChange, useSensorGroups } from "./queries";
import "./sensors.css";

export default function SensorPage() {
  const { id: idText } = useParams();
  const id = Number(idText);
  const sensor = useSensor(id);
  const groups = useSensorGroups();
  const groupName = useMemo(() => groupNamer(groups.data), [groups.data]);

  if (!Number.isInteger(id) || id <= 0) {
    return (
      <>
        <PageTitle>Sensor</PageTitle>
        <p className="error" role="alert">
          “{idText}” is not a sensor id.
        </p>
      </>
    );
  }
  if (sensor.isPending) {
    return (
      <>
        <PageTitle>{`Sensor ${id}`}</PageTitle>
        <Loading label="Loading the sensor" />
      </>
    );
  }
  if (!sensor.data) {
    return (
      <>
        <PageTitle>{`Sensor ${id}`}</PageTitle>
        <ErrorBox error={sensor.error} />
        <Link to="/sensors">All sensors</Link>
      </>
    );
  }
  return <SensorDetail sensor={sensor.data} groups={groups.data ?? []} groupName={groupName} refreshError={sensor.error} />;
}

function SensorDetail({
  sensor: s,
  groups,
  groupName,
  refreshError,
}: {
  sensor: Sensor;
  groups: SensorGroup[];
  groupName: (id: number) => string;
  refreshError: unknown;
}) {
  const perms = usePermissions();
  const mayAdminister = perms.administers(s.group_id);
  const adapters = networkAdapters(s.network_adapters);
  const lastCheckin = cbTimeToIso(s.last_checkin_time);
  const nextCheckin = cbTimeToIso(s.next_checkin_time);
  const flushUntil = cbTimeToIso(s.event_log_flush_time);
  const flushing = flushUntil !== null && Date.parse(flushUntil) > Date.now();
  const memory = numeric(s.physical_memory_size);
  const diskTotal = numeric(s.systemvolume_total_size);
  const diskFree = numeric(s.systemvolume_free_size);
  const queued = useQuery({ queryKey: sensorKeys.queued(s.id), queryFn: ({ signal }) => sensorsApi.queued(s.id, signal) });
  const q = queued.data?.[0];
  const hostname = s.computer_name || `Sensor ${s.id}`;

  return (
    <>
      <PageTitle
        actions={
          <>
            <Link className="sensor-link-button" to={sensorProcessesPath(s.id)}>
              Processes
            </Link>
            {s.supports_cblr && mayAdminister && (
              <Link className="sensor-link-button" to={`/live/${s.id}`}>
                Live response
              </Link>
            )}
          </>
        }
      >
        {hostname}
      </PageTitle>
      <p className="sensor-breadcrumbs">
        <Link to="/sensors">All sensors</Link> / sensor {s.id}
      </p>
      <ErrorBox error={refreshError} />
      <div className="row sensor-state">
        <StatusBadge status={s.status} />
        <span role="status" aria-live="polite" className="isolation-status" data-testid="isolation-status">
          <span className="sr-only">Network isolation: </span>
          <IsolationBadge sensor={s} />
          {isolationPending(s) && (
            <span className="muted"> the sensor acts on it at its next check-in{nextCheckinIn(nextCheckin)}</span>
          )}
        </span>
        {s.restart_queued && <span className="badge warn">Restart queued</span>}
        {flushing && <span className="badge warn">Flushing events until {formatTime(flushUntil)}</span>}
        {s.sensor_health_message && <span className="error">{s.sensor_health_message}</span>}
      </div>

      <div className="grid sensor-grid">
        <section className="panel" aria-labelledby="host-facts">
          <h2 id="host-facts">Host</h2>
          <dl className="facts">
            <dt>Hostname</dt>
            <dd>{s.computer_name || "—"}</dd>
            <dt>DNS name</dt>
            <dd>{s.computer_dns_name || "—"}</dd>
            <dt>IP addresses</dt>
            <dd>
              {adapters.length === 0 ? (
                "—"
              ) : (
                <ul className="sensor-adapters">
                  {adapters.map((a) => (
                    <li key={`${a.ip}-${a.mac}`}>
                      <span className="mono">{a.ip}</span>
                      {a.mac && <span className="muted mono"> ({a.mac})</span>}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Operating system</dt>
            <dd>
              {osName(s.os_type)}
              {s.os_environment_display_string ? ` · ${s.os_environment_display_string}` : ""}
            </dd>
            <dt>Uptime</dt>
            <dd>{formatDuration(s.uptime)}</dd>
            <dt>Memory</dt>
            <dd>{memory ? formatBytes(memory) : "—"}</dd>
            <dt>System volume</dt>
            <dd>{diskTotal ? `${formatBytes(diskFree ?? 0)} free of ${formatBytes(diskTotal)}` : "—"}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="sensor-facts">
          <h2 id="sensor-facts">Sensor</h2>
          <dl className="facts">
            <dt>Sensor id</dt>
            <dd>{s.id}</dd>
            <dt>Group</dt>
            <dd>
              <Link to={`/sensors?group=${s.group_id}`}>{groupName(s.group_id)}</Link>
            </dd>
            <dt>Build</dt>
            <dd>{s.build_version_string || "—"}</dd>
            <dt>Sensor uptime</dt>
            <dd>{formatDuration(s.sensor_uptime)}</dd>
            <dt>Registered</dt>
            <dd>{formatTime(cbTimeToIso(s.registration_time))}</dd>
            <dt>Last check-in</dt>
            <dd>
              <time dateTime={lastCheckin ?? undefined}>{formatTime(lastCheckin)}</time>
              <span className="muted"> ({formatAgo(lastCheckin)})</span>
            </dd>
            <dt>Next check-in</dt>
            <dd>{formatTime(nextCheckin)}</dd>
            <dt>Queued on the sensor</dt>
            <dd>
              {q
                ? `${formatCount(q.num_eventlogs)} event logs (${formatBytes(q.num_eventlog_bytes)}), ${formatCount(q.num_storefiles)} files (${formatBytes(q.num_storefile_bytes)})`
                : `${formatBytes(numeric(s.num_eventlog_bytes) ?? 0)} of event logs, ${formatBytes(numeric(s.num_storefiles_bytes) ?? 0)} of files`}
            </dd>
            <dt>Dropped</dt>
            <dd>
              {formatCount(numeric(s.dropped_events ?? null))} events, {formatCount(numeric(s.dropped_eventlogs ?? null))} event logs
            </dd>
            <dt>Health</dt>
            <dd>
              {s.sensor_health_status}%{s.sensor_health_message ? ` · ${s.sensor_health_message}` : ""}
            </dd>
            <dt>Live response</dt>
            <dd>{s.supports_cblr ? "Supported" : "Not supported"}</dd>
          </dl>
        </section>
        {mayAdminister && <SensorActions sensor={s} groups={groups.filter((g) => perms.administers(g.id))} />}
      </div>
      <ActivityTable sensorId={s.id} />
    </>
  );
}

const FLUSH_HOURS = 24;

/** " (in 20 s)" before the next check-in is due, " (overdue)" after, "" when the server named none. */
function nextCheckinIn(iso: string | null): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return "";
  const s = Math.round((t - Date.now()) / 1000);
  return s >= 0 ? ` (in ${formatDuration(s)})` : " (overdue)";
}

function describe(change: SensorChange, s: Sensor, groupName: (id: number) => string) {
  const host = s.computer_name || `sensor ${s.id}`;
  switch (change.kind) {
    case "isolate":
      return {
        title: `Isolate ${host}?`,
        label: "Isolate",
        body: `${host} is cut off the network at its next check-in, except from this server: live response keeps working.`,
        danger: true,
      };
    case "unisolate":
      return { title: `Release ${host} from isolation?`, label: "Release", body: `${host} gets its network back at its next check-in.`, danger: false };
    case "restart":
      return { title: `Restart the sensor on ${host}?`, label: "Restart sensor", body: "The sensor service restarts at its next check-in; the host keeps running.", danger: false };
    case "flush":
      return {
        title: `Flush the events of ${host}?`,
        label: "Flush events",
        body: `The sensor sends the events it holds at once, and sends new ones without delay for the next ${FLUSH_HOURS} hours.`,
        danger: false,
      };
    case "move":
      return {
        title: `Move ${host} to ${groupName(change.groupId)}?`,
        label: "Move",
        body: `The sensor takes the settings of ${groupName(change.groupId)} at its next check-in; who may see it changes with the group.`,
        danger: false,
      };
  }
}

function SensorActions({ sensor: s, groups }: { sensor: Sensor; groups: SensorGroup[] }) {
  const change = useSensorChange(s);
  const [asked, setAsked] = useState<SensorChange | null>(null);
  const [target, setTarget] = useState<string>("");
  const [done, setDone] = useState<string>("");
  const groupName = groupNamer(groups);
  const state = isolationState(s);
  const others = groups.filter((g) => g.id !== s.group_id);
  const d = asked ? describe(asked, s, groupName) : null;

  const confirm = () => {
    if (!asked) return;
    const what = asked;
    setAsked(null);
    setDone("");
    change.mutate(what, {
      onSuccess: () =>
        setDone(
          what.kind === "isolate"
            ? "Isolation requested."
            : what.kind === "unisolate"
              ? "Release from isolation requested."
              : what.kind === "restart"
                ? "Restart queued."
                : what.kind === "flush"
                  ? "Event flush requested."
                  : `Moved to ${groupName(what.groupId)}.`,
        ),
    });
  };

  return (
    <section className="panel" aria-labelledby="sensor-actions">
      <h2 id="sensor-actions">Actions</h2>
      <div className="stack">
        <div className="row">
          {state === "none" || state === "releasing" ? (
            <button type="button" className="danger" disabled={!s.supports_isolation || change.isPending} onClick={() => setAsked({ kind: "isolate" })}>
              Isolate host
            </button>
          ) : (
            <button type="button" disabled={change.isPending} onClick={() => setAsked({ kind: "unisolate" })}>
              Release isolation
            </button>
          )}
          <button type="button" disabled={s.restart_queued || change.isPending} onClick={() => setAsked({ kind: "restart" })}>
            Restart sensor
          </button>
          <button
            type="button"
            disabled={change.isPending}
            onClick={() => setAsked({ kind: "flush", until: new Date(Date.now() + FLUSH_HOURS * 3600_000) })}
          >
            Flush events
          </button>
        </div>
        {!s.supports_isolation && <p className="muted">This sensor cannot isolate its host.</p>}
        {others.length > 0 && (
          <form
            className="row sensor-move-group"
            onSubmit={(e) => {
              e.preventDefault();
              if (target) setAsked({ kind: "move", groupId: Number(target) });
            }}
          >
            <label>
              Move to group
              <select value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">Choose a group</option>
                {others.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={!target || change.isPending}>
              Move
            </button>
          </form>
        )}
        <p role="status" aria-live="polite" className="muted">
          {change.isPending ? "Sending…" : done}
        </p>
        <ErrorBox error={change.error} />
      </div>
      <ConfirmDialog open={asked !== null} title={d?.title ?? ""} confirmLabel={d?.label ?? "OK"} danger={d?.danger} onCancel={() => setAsked(null)} onConfirm={confirm}>
        <p>{d?.body}</p>
      </ConfirmDialog>
    </section>
  );
}

const activityColumns: ColumnDef<SensorActivity, unknown>[] = [
  { id: "action", header: "Action", accessorFn: (a) => a.action },
  {
    id: "status",
    header: "Outcome",
    accessorFn: (a) => a.status,
    cell: ({ row }) => {
      const st = row.original.status;
      const tone = st === "applied" ? "ok" : st === "failed" ? "danger" : st === "pending" ? "warn" : "";
      return <span className={`badge ${tone}`}>{st}</span>;
    },
  },
  {
    id: "requested",
    header: "Requested",
    accessorFn: (a) => cbTimeToIso(a.requested),
    cell: ({ row }) => formatTime(cbTimeToIso(row.original.requested)),
  },
  {
    id: "completed",
    header: "Ended",
    accessorFn: (a) => cbTimeToIso(a.completed),
    cell: ({ row }) => formatTime(cbTimeToIso(row.original.completed)),
  },
  { id: "message", header: "Message", accessorFn: (a) => a.message, cell: ({ row }) => row.original.message || "" },
];

function ActivityTable({ sensorId }: { sensorId: number }) {
  const activity = useQuery({
    queryKey: sensorKeys.activity(sensorId),
    queryFn: ({ signal }) => sensorsApi.activity(sensorId, signal),
  });
  return (
    <section aria-labelledby="sensor-activity">
      <h2 id="sensor-activity">Recent actions</h2>
      <ErrorBox error={activity.error} />
      {activity.isPending ? (
        <Loading label="Loading the sensor's actions" />
      ) : (
        <DataTable
          data={activity.data ?? []}
          columns={activityColumns}
          rowId={(a) => String(a.id)}
          caption="Actions sent to the sensor, newest first"
          height="320px"
          empty="No action was sent to this sensor."
        />
      )}
    </section>
  );
}
