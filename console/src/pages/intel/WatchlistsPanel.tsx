import { useMemo, useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { parseSearchQuery, watchlistsApi, type ActionOwner, type Watchlist } from "../../api/intel";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading } from "../../components/common";
import { cbTimeToIso, formatAgo, formatCount, formatTime } from "../../components/format";
import { ActionsDialog } from "./ActionsDialog";
import { WatchlistDialog } from "./WatchlistDialog";
import { EnabledBadge, failure, useConfirm, useStatus } from "../../components/forms";

/**
 * Where a process watchlist's hits are: the process search for what it tagged (`watchlist_<id>:*`, the tag the server
 * puts on matching processes). Binary watchlists have none: the console has no binary search page.
 */
export function hitsLink(w: Pick<Watchlist, "id" | "index_type">): string | null {
  if (w.index_type === "modules") return null;
  return `/search?${new URLSearchParams({ q: `watchlist_${w.id}:*` }).toString()}`;
}

/**
 * Watchlists: saved queries the server runs on what arrives, tagging what matches and acting on it. A global
 * administrator creates, edits, enables, deletes them and sets their actions. (The search page saves its query as a
 * watchlist itself, without leaving the search.)
 */
export function WatchlistsPanel({ canChange }: { canChange: boolean }) {
  const queries = useQueryClient();
  const watchlists = useQuery({ queryKey: ["watchlists"], queryFn: watchlistsApi.list });
  const [status, say] = useStatus();
  const [confirm, ask] = useConfirm();
  const [editing, setEditing] = useState<Watchlist | "new" | null>(null);
  const [actionsOf, setActionsOf] = useState<{ owner: ActionOwner; name: string } | null>(null);

  const refresh = () => void queries.invalidateQueries({ queryKey: ["watchlists"] });
  const toggle = useMutation({
    mutationFn: (w: Watchlist) => watchlistsApi.update(w.id, { enabled: !w.enabled }),
    onSuccess: (_r, w) => {
      say(`${w.name} ${w.enabled ? "disabled" : "enabled"}.`);
      refresh();
    },
    onError: (e, w) => say(`Could not change ${w.name}: ${failure(e)}`, true),
  });
  const remove = useMutation({
    mutationFn: (w: Watchlist) => watchlistsApi.remove(w.id),
    onSuccess: (_r, w) => {
      say(`${w.name} deleted.`);
      refresh();
    },
    onError: (e, w) => say(`Could not delete ${w.name}: ${failure(e)}`, true),
  });
  const busy = toggle.isPending || remove.isPending;

  const columns = useMemo<ColumnDef<Watchlist, unknown>[]>(() => {
    const cols: ColumnDef<Watchlist, unknown>[] = [
      {
        id: "name",
        header: "Watchlist",
        accessorFn: (w) => w.name,
        cell: ({ row }) => (
          <span title={row.original.description || undefined}>
            {row.original.name}
            {row.original.readonly && <span className="badge intel-gap">read-only</span>}
          </span>
        ),
      },
      {
        id: "query",
        header: "Query",
        accessorFn: (w) => parseSearchQuery(w.search_query).q,
        cell: ({ getValue }) => (
          <code className="intel-querycell" title={String(getValue())}>
            {String(getValue())}
          </code>
        ),
      },
      { id: "type", header: "Type", accessorFn: (w) => (w.index_type === "modules" ? "Binary" : "Process") },
      { id: "enabled", header: "State", accessorFn: (w) => w.enabled, cell: ({ row }) => <EnabledBadge enabled={row.original.enabled} /> },
      {
        id: "last_hit",
        header: "Last hit",
        accessorFn: (w) => w.last_hit ?? "",
        cell: ({ row }) => {
          const t = cbTimeToIso(row.original.last_hit);
          return <span title={t ? formatTime(t) : undefined}>{formatAgo(t)}</span>;
        },
      },
      {
        id: "hits",
        header: "Hits",
        accessorFn: (w) => Number(w.total_hits) || 0,
        cell: ({ row }) => {
          const count = formatCount(Number(row.original.total_hits) || 0);
          const to = hitsLink(row.original);
          return to ? (
            <Link to={to} aria-label={`${count} hits of ${row.original.name}: search them`}>
              {count}
            </Link>
          ) : (
            <span title="Binaries this watchlist tagged (the console searches processes only)">{count}</span>
          );
        },
      },
    ];
    if (canChange) {
      cols.push({
        id: "act",
        header: () => <span className="sr-only">Actions</span>,
        enableSorting: false,
        cell: ({ row }) => {
          const w = row.original;
          return (
            <span className="row ui-actions">
              <button
                type="button"
                className="ui-small"
                disabled={w.readonly}
                aria-label={`Edit ${w.name}`}
                onClick={() => setEditing(w)}
              >
                Edit
              </button>
              <button
                type="button"
                className="ui-small"
                disabled={busy || w.readonly}
                aria-label={`${w.enabled ? "Disable" : "Enable"} ${w.name}`}
                onClick={() => toggle.mutate(w)}
              >
                {w.enabled ? "Disable" : "Enable"}
              </button>
              <button
                type="button"
                className="ui-small"
                aria-label={`Actions of ${w.name}`}
                onClick={() => setActionsOf({ owner: { kind: "watchlist", id: w.id }, name: w.name })}
              >
                Actions…
              </button>
              <button
                type="button"
                className="ui-small"
                disabled={busy}
                aria-label={`Delete ${w.name}`}
                onClick={() =>
                  ask({
                    title: `Delete the watchlist ${w.name}?`,
                    body: <p>What it tagged keeps its tags; nothing new is tagged or acted on.</p>,
                    confirmLabel: "Delete watchlist",
                    danger: true,
                    run: () => remove.mutate(w),
                  })
                }
              >
                Delete
              </button>
            </span>
          );
        },
      });
    }
    return cols;
  }, [canChange, busy, toggle, remove, ask]);

  return (
    <div className="stack">
      <div className="row ui-between">
        <p className="muted ui-lead">Watchlists are saved searches run on everything that arrives; what matches is tagged and acted on.</p>
        {canChange && (
          <button type="button" className="primary" onClick={() => setEditing("new")}>
            New watchlist
          </button>
        )}
      </div>
      {status}
      <ErrorBox error={watchlists.error} />
      {watchlists.isLoading ? (
        <Loading label="Loading watchlists" />
      ) : (
        <DataTable
          data={watchlists.data ?? []}
          columns={columns}
          rowId={(w) => w.id}
          caption="Watchlists"
          height="calc(100vh - 300px)"
          empty={canChange ? "No watchlist yet: create one, or save a search as one." : "No watchlist yet."}
        />
      )}
      {canChange && (
        <WatchlistDialog
          open={editing !== null}
          watchlist={editing === "new" || editing === null ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(m) => say(m)}
        />
      )}
      {actionsOf && (
        <ActionsDialog owner={actionsOf.owner} ownerName={actionsOf.name} onClose={() => setActionsOf(null)} onDone={(m) => say(m)} />
      )}
      {confirm}
    </div>
  );
}
