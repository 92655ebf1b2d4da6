import { useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { feedsApi, type ActionOwner, type Feed } from "../../api/intel";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading } from "../../components/common";
import { cbTimeToIso, formatAgo, formatCount, formatTime } from "../../components/format";
import { ActionsDialog } from "./ActionsDialog";
import { AddFeedDialog } from "./AddFeedDialog";
import { FeedReports } from "./FeedReports";
import { EnabledBadge, failure, useConfirm, useStatus } from "../../components/forms";
import { readReportView, writeReportView, type ReportView } from "./urlState";

/** A feed with what the list shows beside it: its hits (alerts raised). */
export interface FeedRow {
  feed: Feed;
  hits: number;
}

export function feedRows(feeds: Feed[], hits: Map<number, number> | undefined): FeedRow[] {
  return feeds.map((feed) => ({ feed, hits: hits?.get(feed.id) ?? 0 }));
}

/**
 * The feeds: what each holds, when it was last synchronised, its hits; a global administrator adds, enables,
 * synchronises, deletes feeds and sets their actions. A feed's reports open below the list (its id in the URL).
 */
export function FeedsPanel({ canChange }: { canChange: boolean }) {
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view = readReportView(params);
  const setView = (changes: Partial<ReportView>) => setParams(writeReportView({ ...view, ...changes }, params));

  const feeds = useQuery({ queryKey: ["feeds"], queryFn: feedsApi.list });
  const hits = useQuery({ queryKey: ["feeds", "hits"], queryFn: feedsApi.hitsByFeed });

  const [status, say] = useStatus();
  const [confirm, ask] = useConfirm();
  const [adding, setAdding] = useState(false);
  const [actionsOf, setActionsOf] = useState<{ owner: ActionOwner; name: string } | null>(null);

  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ["feeds"] });
    void queries.invalidateQueries({ queryKey: ["threat-reports"] });
  };
  const toggle = useMutation({
    mutationFn: (f: Feed) => feedsApi.update(f.id, { enabled: !f.enabled }),
    onSuccess: (_r, f) => {
      say(`${f.display_name} ${f.enabled ? "disabled" : "enabled"}.`);
      refresh();
    },
    onError: (e, f) => say(`Could not change ${f.display_name}: ${failure(e)}`, true),
  });
  const sync = useMutation({
    mutationFn: (f: Feed) => feedsApi.synchronize(f.id),
    onMutate: (f) => say(`Synchronising ${f.display_name}…`),
    onSuccess: (_r, f) => {
      say(`${f.display_name} synchronised.`);
      refresh();
    },
    onError: (e, f) => say(`Could not synchronise ${f.display_name}: ${failure(e)}`, true),
  });
  const remove = useMutation({
    mutationFn: (f: Feed) => feedsApi.remove(f.id),
    onSuccess: (_r, f) => {
      say(`${f.display_name} deleted.`);
      if (view.feedId === f.id) setView({ feedId: null });
      refresh();
    },
    onError: (e, f) => say(`Could not delete ${f.display_name}: ${failure(e)}`, true),
  });

  const rows = useMemo(() => feedRows(feeds.data ?? [], hits.data), [feeds.data, hits.data]);
  const busy = toggle.isPending || sync.isPending || remove.isPending;

  const columns = useMemo<ColumnDef<FeedRow, unknown>[]>(() => {
    const cols: ColumnDef<FeedRow, unknown>[] = [
      {
        id: "name",
        header: "Feed",
        accessorFn: (r) => r.feed.display_name || r.feed.name,
        cell: ({ row }) => (
          <Link
            to={{ search: writeReportView({ ...readReportView(new URLSearchParams()), feedId: row.original.feed.id }, params).toString() }}
            title={`${row.original.feed.summary ? row.original.feed.summary + " · " : ""}queried as alliance_score_${row.original.feed.name}`}
          >
            {row.original.feed.display_name || row.original.feed.name}
          </Link>
        ),
      },
      { id: "category", header: "Category", accessorFn: (r) => r.feed.category || "—" },
      {
        id: "enabled",
        header: "State",
        accessorFn: (r) => r.feed.enabled,
        cell: ({ row }) => <EnabledBadge enabled={row.original.feed.enabled} />,
      },
      {
        id: "last_sync",
        header: "Last sync",
        accessorFn: (r) => r.feed.last_sync ?? "",
        cell: ({ row }) => {
          const f = row.original.feed;
          const t = cbTimeToIso(f.last_sync);
          return (
            <span title={t ? formatTime(t) : undefined}>
              {formatAgo(t)}
              {f.last_sync_error ? (
                <>
                  {" "}
                  <span className="badge danger" title={f.last_sync_error}>
                    failed
                  </span>
                </>
              ) : null}
            </span>
          );
        },
      },
      { id: "reports", header: "Reports", accessorFn: (r) => r.feed.report_count, cell: ({ row }) => formatCount(row.original.feed.report_count) },
      { id: "hits", header: "Hits", accessorFn: (r) => r.hits, cell: ({ row }) => formatCount(row.original.hits) },
    ];
    if (canChange) {
      cols.push({
        id: "act",
        header: () => <span className="sr-only">Actions</span>,
        enableSorting: false,
        cell: ({ row }) => {
          const f = row.original.feed;
          const name = f.display_name || f.name;
          return (
            <span className="row ui-actions">
              <button
                type="button"
                className="ui-small"
                disabled={busy}
                aria-label={`${f.enabled ? "Disable" : "Enable"} ${name}`}
                onClick={() => toggle.mutate(f)}
              >
                {f.enabled ? "Disable" : "Enable"}
              </button>
              <button
                type="button"
                className="ui-small"
                disabled={busy || !f.enabled}
                title={f.enabled ? undefined : "A disabled feed is not synchronised"}
                aria-label={`Synchronise ${name} now`}
                onClick={() => sync.mutate(f)}
              >
                Sync now
              </button>
              <button
                type="button"
                className="ui-small"
                aria-label={`Actions of ${name}`}
                onClick={() => setActionsOf({ owner: { kind: "feed", id: f.id }, name })}
              >
                Actions…
              </button>
              <button
                type="button"
                className="ui-small"
                disabled={busy}
                aria-label={`Delete ${name}`}
                onClick={() =>
                  ask({
                    title: `Delete the feed ${name}?`,
                    body: <p>Its reports go with it and raise no more hits. You can add it again from its URL.</p>,
                    confirmLabel: "Delete feed",
                    danger: true,
                    run: () => remove.mutate(f),
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
  }, [canChange, busy, params, toggle, sync, remove, ask]);

  const open = view.feedId === null ? undefined : feeds.data?.find((f) => f.id === view.feedId);

  return (
    <div className="stack">
      <div className="row ui-between">
        <p className="muted ui-lead">
          Feeds are lists of threat reports (hashes, addresses, domains, queries) fetched from a URL; a hit is an alert a
          report raised.
        </p>
        {canChange && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add feed
          </button>
        )}
      </div>
      {status}
      <ErrorBox error={feeds.error} />
      {feeds.isLoading ? (
        <Loading label="Loading feeds" />
      ) : (
        <DataTable
          data={rows}
          columns={columns}
          rowId={(r) => String(r.feed.id)}
          caption="Threat intelligence feeds"
          height={open ? 260 : "calc(100vh - 300px)"}
          empty={canChange ? "No feed yet: add one by its URL." : "No feed yet."}
          onRowOpen={(r) => setView({ feedId: r.feed.id, start: 0 })}
        />
      )}
      {view.feedId !== null && feeds.data && !open && <p className="error">There is no feed {view.feedId} (deleted?).</p>}
      {open && <FeedReports feed={open} view={view} onView={setView} canChange={canChange} say={say} />}
      {canChange && <AddFeedDialog open={adding} onClose={() => setAdding(false)} onAdded={(f) => say(`Feed ${f.display_name} added.`)} />}
      {actionsOf && (
        <ActionsDialog owner={actionsOf.owner} ownerName={actionsOf.name} onClose={() => setActionsOf(null)} onDone={(m) => say(m)} />
      )}
      {confirm}
    </div>
  );
}
