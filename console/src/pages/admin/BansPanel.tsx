import { useMemo, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { bansApi, MD5, type Ban } from "../../api/admin";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading } from "../../components/common";
import { formatCount, formatTime } from "../../components/format";
import { EnabledBadge, failure, useConfirm, useStatus } from "../../components/forms";

/**
 * Banned hashes: sensors of groups with banning on refuse to run them. Banning again and unbanning keep the ban's
 * history (the server has no deletion: an unbanned hash stays listed, disabled).
 */
export function BansPanel() {
  const queries = useQueryClient();
  const bans = useQuery({ queryKey: ["bans"], queryFn: bansApi.list });
  const [status, say] = useStatus();
  const [confirm, ask] = useConfirm();
  const [md5, setMd5] = useState("");
  const [text, setText] = useState("");
  const refresh = () => void queries.invalidateQueries({ queryKey: ["bans"] });

  const add = useMutation({
    mutationFn: () => bansApi.ban(md5.trim().toUpperCase(), text.trim()),
    onSuccess: () => {
      say(`${md5.trim().toUpperCase()} banned.`);
      setMd5("");
      setText("");
      refresh();
    },
    onError: (e) => say(`Could not ban ${md5.trim()}: ${failure(e)}`, true),
  });
  const enable = useMutation({
    mutationFn: (b: Ban) => bansApi.enable(b.md5hash, b.text),
    onSuccess: (_r, b) => {
      say(`${b.md5hash} banned again.`);
      refresh();
    },
    onError: (e, b) => say(`Could not ban ${b.md5hash}: ${failure(e)}`, true),
  });
  const disable = useMutation({
    mutationFn: (b: Ban) => bansApi.disable(b.md5hash),
    onSuccess: (_r, b) => {
      say(`${b.md5hash} unbanned.`);
      refresh();
    },
    onError: (e, b) => say(`Could not unban ${b.md5hash}: ${failure(e)}`, true),
  });
  const busy = add.isPending || enable.isPending || disable.isPending;
  const valid = MD5.test(md5.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid && !busy) add.mutate();
  };

  const columns = useMemo<ColumnDef<Ban, unknown>[]>(
    () => [
      {
        id: "md5",
        header: "MD5",
        accessorFn: (b) => b.md5hash,
        cell: ({ row }) => (
          <Link className="mono" to={`/binary/${row.original.md5hash}`}>
            {row.original.md5hash}
          </Link>
        ),
      },
      { id: "text", header: "Reason", accessorFn: (b) => b.text || "—" },
      { id: "enabled", header: "State", accessorFn: (b) => b.enabled, cell: ({ row }) => <EnabledBadge enabled={row.original.enabled} on="Banned" off="Unbanned" /> },
      { id: "user", header: "By", accessorFn: (b) => b.username || "—" },
      { id: "when", header: "Since", accessorFn: (b) => b.timestamp, cell: ({ row }) => formatTime(row.original.timestamp) },
      { id: "blocks", header: "Blocks", accessorFn: (b) => b.block_count, cell: ({ row }) => formatCount(row.original.block_count) },
      {
        id: "last",
        header: "Last block",
        accessorFn: (b) => b.last_block_time ?? "",
        cell: ({ row }) =>
          row.original.last_block_time ? `${formatTime(row.original.last_block_time)} on ${row.original.last_block_hostname || "?"}` : "never",
      },
      {
        id: "act",
        header: () => <span className="sr-only">Actions</span>,
        enableSorting: false,
        cell: ({ row }) => {
          const b = row.original;
          return b.enabled ? (
            <button
              type="button"
              className="ui-small"
              disabled={busy}
              aria-label={`Unban ${b.md5hash}`}
              onClick={() =>
                ask({
                  title: `Unban ${b.md5hash}?`,
                  body: <p>Sensors let this binary run again. The ban stays listed, disabled, with its history.</p>,
                  confirmLabel: "Unban",
                  danger: true,
                  run: () => disable.mutate(b),
                })
              }
            >
              Unban
            </button>
          ) : (
            <button
              type="button"
              className="ui-small"
              disabled={busy}
              aria-label={`Ban ${b.md5hash} again`}
              onClick={() =>
                ask({
                  title: `Ban ${b.md5hash} again?`,
                  body: <p>Sensors of groups with banning on stop this binary from running.</p>,
                  confirmLabel: "Ban",
                  danger: true,
                  run: () => enable.mutate(b),
                })
              }
            >
              Ban again
            </button>
          );
        },
      },
    ],
    [busy, ask, enable, disable],
  );

  return (
    <div className="stack">
      <form className="row ui-filters" onSubmit={submit} aria-label="Ban a hash">
        <label>
          MD5 to ban
          <input
            className="mono"
            value={md5}
            onChange={(e) => setMd5(e.target.value)}
            size={34}
            maxLength={32}
            spellCheck={false}
            aria-invalid={md5.trim() !== "" && !valid}
            placeholder="32 hexadecimal digits"
          />
        </label>
        <label>
          Reason
          <input value={text} onChange={(e) => setText(e.target.value)} size={40} placeholder="Ransomware dropper (ticket 123)" />
        </label>
        <button type="submit" className="primary" disabled={!valid || busy}>
          Ban hash
        </button>
      </form>
      {status}
      <ErrorBox error={bans.error} />
      {bans.isLoading ? (
        <Loading label="Loading bans" />
      ) : (
        <DataTable data={bans.data ?? []} columns={columns} rowId={(b) => b.md5hash} caption="Banned hashes" height="calc(100vh - 320px)" empty="No hash is banned." />
      )}
      {confirm}
    </div>
  );
}
