import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { live, type LrCommand } from "../../api/live";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading } from "../../components/common";
import { formatTime } from "../../components/format";
import { summarize } from "./render";

export const commandsKey = (sessionId: number) => ["live", "commands", sessionId] as const;

export function epochToIso(seconds: number | undefined): string | null {
  return seconds === undefined || seconds === null ? null : new Date(seconds * 1000).toISOString();
}

const badge: Record<string, string> = { complete: "ok", error: "danger", cancel: "warn", pending: "" };

const col = createColumnHelper<LrCommand>();
const columns = [
  col.accessor("id", { header: "#", size: 50 }),
  col.accessor((c) => (c.object ? `${c.name} ${c.object}` : c.name), {
    id: "command",
    header: "Command",
    cell: (c) => <code>{c.getValue()}</code>,
  }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => <span className={`badge ${badge[c.getValue()] ?? ""}`}>{c.getValue()}</span>,
  }),
  col.accessor("username", { header: "User" }),
  col.accessor("create_time", {
    header: "Issued",
    cell: (c) => formatTime(epochToIso(c.getValue())),
  }),
  col.accessor((c) => summarize(c), { id: "result", header: "Result", enableSorting: false }),
];

/** The session's commands (GET .../command), newest first; refreshed whenever the terminal finishes one. */
export function CommandHistory({ sessionId, live: open }: { sessionId: number; live: boolean }) {
  const q = useQuery({
    queryKey: commandsKey(sessionId),
    queryFn: () => live.commands(sessionId),
    placeholderData: keepPreviousData,
    // Other analysts share the session: an open one is looked at again now and then.
    refetchInterval: open ? 15_000 : false,
  });
  const rows = useMemo(() => [...(q.data ?? [])].sort((a, b) => b.id - a.id), [q.data]);
  return (
    <section className="panel live-panel" aria-labelledby={`history-${sessionId}`}>
      <h2 id={`history-${sessionId}`}>Commands of session {sessionId}</h2>
      {q.isPending && <Loading label="Loading the commands" />}
      <ErrorBox error={q.error} />
      {q.data && (
        <DataTable
          data={rows}
          columns={columns}
          rowId={(c) => String(c.id)}
          caption={`Commands issued in live-response session ${sessionId}`}
          height={320}
          empty="No command yet."
        />
      )}
    </section>
  );
}
