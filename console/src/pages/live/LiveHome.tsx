import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { live, type LiveSensor, type LrSession } from "../../api/live";
import { usePermissions } from "../../api/session";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { formatAgo, formatTime } from "../../components/format";
import { CommandHistory, commandsKey, epochToIso } from "./CommandHistory";

const OS: Record<number, string> = { 1: "Windows", 2: "macOS", 3: "Linux" };
const statusBadge: Record<string, string> = { active: "ok", pending: "warn", error: "danger", timeout: "", close: "" };

/** `/live`: the sessions (`?all=1` also the ended ones, `?session=N` its commands) and the sensors to start one on. */
export function LiveHome() {
  const [params, setParams] = useSearchParams();
  const all = params.get("all") === "1";
  const selected = Number(params.get("session")) || null;
  const perms = usePermissions();

  const sessions = useQuery({
    queryKey: ["live", "sessions", all],
    queryFn: () => live.sessions(!all),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const sensors = useQuery({ queryKey: ["live", "sensors"], queryFn: live.sensors });
  const groups = useQuery({ queryKey: ["live", "groups"], queryFn: live.groups, staleTime: 5 * 60_000 });
  const groupName = useMemo(() => new Map((groups.data ?? []).map((g) => [g.id, g.name])), [groups.data]);
  const byId = useMemo(() => new Map((sensors.data ?? []).map((s) => [s.id, s])), [sensors.data]);
  const capable = useMemo(
    () => (sensors.data ?? []).filter((s) => s.supports_cblr).sort((a, b) => a.computer_name.localeCompare(b.computer_name)),
    [sensors.data],
  );
  const sessionRows = useMemo(() => [...(sessions.data ?? [])].sort((a, b) => b.id - a.id), [sessions.data]);
  // A session's commands are read with the Administrator role in its sensor's group only (the server refuses others).
  const administersSession = useMemo(() => {
    return (s: LrSession) => {
      const sensor = byId.get(s.sensor_id);
      return sensor !== undefined && perms.administers(sensor.group_id);
    };
  }, [byId, perms]);
  const shownSession = selected === null ? undefined : sessionRows.find((s) => s.id === selected);
  // A session no longer listed (ended, with ended ones hidden) is still shown when chosen: the server decides then.
  const showCommands =
    selected !== null &&
    sessions.data !== undefined &&
    sensors.data !== undefined &&
    (shownSession === undefined || administersSession(shownSession));

  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: key === "all" },
    );

  const sessionColumns = useMemo(() => {
    const col = createColumnHelper<LrSession>();
    return [
      col.accessor("id", { header: "Session", size: 80 }),
      col.accessor((s) => byId.get(s.sensor_id)?.computer_name ?? s.hostname ?? `sensor ${s.sensor_id}`, {
        id: "sensor",
        header: "Sensor",
        cell: (c) => <Link to={`/sensors/${c.row.original.sensor_id}`}>{c.getValue()}</Link>,
      }),
      col.accessor("status", {
        header: "Status",
        cell: (c) => <span className={`badge ${statusBadge[c.getValue()] ?? ""}`}>{c.getValue()}</span>,
      }),
      col.accessor("create_time", { header: "Created", cell: (c) => formatTime(epochToIso(c.getValue())) }),
      col.display({
        id: "activity",
        header: "Last update",
        cell: (c) => <SessionActivity session={c.row.original} part="last" readable={administersSession(c.row.original)} />,
      }),
      col.display({
        id: "count",
        header: "Commands",
        cell: (c) => <SessionActivity session={c.row.original} part="count" readable={administersSession(c.row.original)} />,
      }),
      col.display({
        id: "actions",
        header: "Actions",
        cell: (c) => {
          const s = c.row.original;
          const open = s.status === "active" || s.status === "pending";
          if (!administersSession(s)) return <span className="muted">needs the Administrator role</span>;
          return (
            <span className="row">
              {open && <Link to={`/live/${s.sensor_id}`}>Open terminal</Link>}
              <button
                type="button"
                className="link"
                aria-pressed={selected === s.id}
                onClick={() => setParam("session", selected === s.id ? null : String(s.id))}
              >
                Commands
              </button>
            </span>
          );
        },
      }),
    ];
    // setParam only changes the URL; it need not rebuild the columns
  }, [byId, administersSession, selected]);

  const sensorColumns = useMemo(() => {
    const col = createColumnHelper<LiveSensor>();
    return [
      col.accessor("computer_name", {
        header: "Sensor",
        cell: (c) => <Link to={`/sensors/${c.row.original.id}`}>{c.getValue()}</Link>,
      }),
      col.accessor((s) => s.os_environment_display_string || OS[s.os_type] || "—", { id: "os", header: "OS" }),
      col.accessor("status", {
        header: "Status",
        cell: (c) => <span className={`badge ${c.getValue() === "Online" ? "ok" : ""}`}>{c.getValue()}</span>,
      }),
      col.accessor((s) => groupName.get(s.group_id) ?? String(s.group_id), { id: "group", header: "Group" }),
      col.accessor("last_checkin_time", { header: "Last check-in", cell: (c) => formatAgo(c.getValue()) }),
      col.display({
        id: "go",
        header: "Live response",
        cell: (c) =>
          perms.administers(c.row.original.group_id) ? (
            <Link to={`/live/${c.row.original.id}`} aria-label={`Go live on ${c.row.original.computer_name}`}>
              Go live
            </Link>
          ) : (
            <span className="muted">needs the Administrator role</span>
          ),
      }),
    ];
  }, [perms, groupName]);

  return (
    <>
      <PageTitle>Live response</PageTitle>
      <section className="panel live-panel" aria-labelledby="live-sessions">
        <div className="row live-heading">
          <h2 id="live-sessions">Sessions</h2>
          <label className="inline">
            <input type="checkbox" checked={all} onChange={(e) => setParam("all", e.target.checked ? "1" : null)} />
            Show ended sessions
          </label>
        </div>
        {sessions.isPending && <Loading label="Loading the sessions" />}
        <ErrorBox error={sessions.error} />
        {sessions.data && (
          <DataTable
            data={sessionRows}
            columns={sessionColumns}
            rowId={(s) => String(s.id)}
            caption="Live-response sessions"
            height={300}
            empty={all ? "No session yet." : "No open session. Start one on a sensor below."}
          />
        )}
      </section>
      {showCommands && selected !== null && <CommandHistory sessionId={selected} live={false} />}
      <section className="panel live-panel" aria-labelledby="live-sensors">
        <h2 id="live-sensors">Sensors that take live response</h2>
        {sensors.isPending && <Loading label="Loading the sensors" />}
        <ErrorBox error={sensors.error} />
        {sensors.data && (
          <DataTable
            data={capable}
            columns={sensorColumns}
            rowId={(s) => String(s.id)}
            caption="Sensors that take live-response sessions"
            height={360}
            empty="No sensor offers live response."
          />
        )}
      </section>
    </>
  );
}

/**
 * The session's last command time or its number of commands, read from its command list when the row is shown (the
 * session document carries neither; rows out of view fetch nothing). Only for an administrator of its sensor's group.
 */
function SessionActivity({ session, part, readable }: { session: LrSession; part: "last" | "count"; readable: boolean }) {
  const q = useQuery({
    queryKey: commandsKey(session.id),
    queryFn: () => live.commands(session.id),
    staleTime: 30_000,
    enabled: readable,
  });
  if (!readable) return <span className="muted">—</span>;
  if (q.isPending) return <span className="muted">…</span>;
  if (q.error) return <span className="muted">—</span>;
  const commands = q.data ?? [];
  if (part === "count") return <>{commands.length}</>;
  const last = commands.reduce((t, c) => Math.max(t, c.completion ?? c.create_time ?? 0), session.create_time);
  return <>{formatAgo(epochToIso(last))}</>;
}
