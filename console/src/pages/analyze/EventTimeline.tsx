import { useDeferredValue, useId, useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import type { ColumnDef } from "@tanstack/react-table";
import type { ProcessEvents } from "../../api/analysis";
import { DataTable } from "../../components/DataTable";
import {
  countByType,
  describe,
  EVENT_LABELS,
  EVENT_TYPES,
  filterEvents,
  timeline,
  type EventType,
  type TimelineEvent,
} from "./events";

/** The event types the URL asks for (`types=netconn,modload`); all of them when it names none. */
export function typesFromParams(params: URLSearchParams): Set<EventType> {
  const raw = params.get("types");
  if (raw === null) return new Set(EVENT_TYPES);
  return new Set(raw.split(",").filter((t): t is EventType => (EVENT_TYPES as readonly string[]).includes(t)));
}

/** The time of an event to the millisecond (events of one second are common), in the analyst's zone; UTC on hover. */
export function formatEventTime(ms: number): string {
  if (Number.isNaN(ms)) return "—";
  // Compact (numeric date, 24-hour clock): the column has to leave room for the event itself.
  return new Date(ms).toLocaleString(undefined, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    hourCycle: "h23",
  });
}

const md5Link = (md5: string, label?: string) =>
  md5 ? (
    <Link to={`/binary/${md5.toUpperCase()}`} className="mono" title={`Binary ${md5}`}>
      {label ?? md5}
    </Link>
  ) : null;

function signatureBadge(signature: string | null) {
  if (!signature) return <span className="badge">Signature unknown</span>;
  const cls = signature === "Signed" ? "ok" : signature === "Unsigned" ? "warn" : "danger";
  return <span className={`badge ${cls}`}>{signature}</span>;
}

/** What an event leads to: the binary it names, the other process, its signature. */
function Related({ e }: { e: TimelineEvent }) {
  switch (e.type) {
    case "modload":
      return (
        <span className="row tight">
          {signatureBadge(e.signature)}
          {md5Link(e.md5)}
        </span>
      );
    case "filemod":
      return (
        <span className="row tight">
          {e.tampered && <span className="badge danger">tampered</span>}
          {md5Link(e.md5)}
        </span>
      );
    case "regmod":
      return e.tampered ? <span className="badge danger">tampered</span> : null;
    case "netconn":
      return e.domain ? <span className="mono">{e.domain}</span> : null;
    case "childproc":
    case "crossproc": {
      const guid = e.type === "childproc" ? e.childGuid : e.targetGuid;
      const md5 = e.type === "childproc" ? e.md5 : e.targetMd5;
      return (
        <span className="row tight">
          {e.tampered && <span className="badge danger">tampered</span>}
          {guid && <Link to={`/analyze/${guid}`}>Analyze</Link>}
          {md5Link(md5, "binary")}
        </span>
      );
    }
    case "processblock":
      return md5Link(e.md5);
  }
}

const columns: ColumnDef<TimelineEvent, unknown>[] = [
  {
    id: "time",
    header: "Time",
    accessorFn: (e) => (Number.isNaN(e.time) ? Number.MAX_SAFE_INTEGER : e.time),
    cell: ({ row }) => (
      <span title={Number.isNaN(row.original.time) ? undefined : new Date(row.original.time).toISOString()}>
        {formatEventTime(row.original.time)}
      </span>
    ),
    size: 205,
  },
  {
    id: "type",
    header: "Type",
    accessorFn: (e) => EVENT_LABELS[e.type],
    cell: ({ row }) => <span className={`etype etype-${row.original.type}`}>{EVENT_LABELS[row.original.type]}</span>,
    size: 115,
  },
  {
    id: "event",
    header: "Event",
    enableSorting: false,
    accessorFn: (e) => describe(e),
    cell: ({ getValue }) => (
      <span className="event-text" title={String(getValue())}>
        {String(getValue())}
      </span>
    ),
  },
  {
    id: "related",
    header: "Related",
    enableSorting: false,
    cell: ({ row }) => <Related e={row.original} />,
    size: 320,
  },
];

/**
 * Every event of the segment in time order, filtered by type and by a search: both kept in the URL (`types`, `events`)
 * so that Back and reload restore them.
 */
export function EventTimeline({ doc, busy }: { doc: ProcessEvents["process"] | undefined; busy: boolean }) {
  const [params, setParams] = useSearchParams();
  const types = typesFromParams(params);
  const search = params.get("events") ?? "";
  const deferredSearch = useDeferredValue(search);
  const all = useMemo(() => timeline(doc), [doc]);
  const counts = useMemo(() => countByType(all), [all]);
  const typesKey = [...types].sort().join(",");
  const shown = useMemo(
    () => filterEvents(all, new Set(typesKey.split(",").filter(Boolean) as EventType[]), deferredSearch),
    [all, typesKey, deferredSearch],
  );
  const id = useId();

  const update = (change: (p: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );
  const setType = (t: EventType, on: boolean) =>
    update((p) => {
      const next = new Set(types);
      if (on) next.add(t);
      else next.delete(t);
      if (next.size === EVENT_TYPES.length) p.delete("types");
      else p.set("types", EVENT_TYPES.filter((x) => next.has(x)).join(","));
    });

  return (
    <div className="stack timeline" aria-busy={busy}>
      <div className="timeline-filters">
        <fieldset className="type-filters">
          <legend>Event types</legend>
          {EVENT_TYPES.map((t) => (
            <label key={t} className="inline">
              <input type="checkbox" checked={types.has(t)} onChange={(e) => setType(t, e.target.checked)} />
              {EVENT_LABELS[t]} <span className="muted">({counts[t].toLocaleString()})</span>
            </label>
          ))}
          <button type="button" className="link" onClick={() => update((p) => p.delete("types"))} disabled={types.size === EVENT_TYPES.length}>
            All types
          </button>
        </fieldset>
        <label className="event-search" htmlFor={`${id}-search`}>
          Search events
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            placeholder="address, path, md5…"
            onChange={(e) =>
              update((p) => {
                if (e.target.value) p.set("events", e.target.value);
                else p.delete("events");
              })
            }
          />
        </label>
      </div>
      <p className="muted" role="status" aria-live="polite">
        {busy ? "Loading events… " : ""}
        Showing {shown.length.toLocaleString()} of {all.length.toLocaleString()} events
      </p>
      <DataTable
        data={shown}
        columns={columns}
        rowId={(e) => e.id}
        caption="Events of the process, in time order"
        height="min(70vh, 640px)"
        empty={all.length === 0 ? "This segment recorded no events." : "No event matches the filters."}
      />
    </div>
  );
}
