import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { readOwnToken, rotateOwnToken } from "../../api/admin";
import type { ColumnDef } from "@tanstack/react-table";
import { useSession, type ConsoleSession } from "../../api/session";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, PageTitle } from "../../components/common";
import { formatTime } from "../../components/format";
import { failure, useConfirm, useStatus } from "../../components/forms";

/** Copies text: the Clipboard API where the page may use it, else a selected textarea and the copy command. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // not allowed here: fall back
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand?.("copy") ?? false;
  area.remove();
  if (!ok) throw new Error("the browser does not allow copying here; select the token and copy it");
}

/**
 * The caller's API token: hidden until asked for, copied, rotated (confirmed). It is kept in memory only while shown:
 * hiding it or leaving the page drops it from the query cache (gcTime 0 too), and copying reads it without keeping it.
 */
function ApiToken({ username }: { username: string }) {
  const queries = useQueryClient();
  const key = useMemo(() => ["own-token", username] as const, [username]);
  const [shown, setShown] = useState(false);
  const [status, say] = useStatus();
  const [confirm, ask] = useConfirm();
  const token = useQuery({ queryKey: key, queryFn: () => readOwnToken(username), enabled: shown, staleTime: Infinity, gcTime: 0 });
  useEffect(() => () => queries.removeQueries({ queryKey: key, exact: true }), [queries, key]);
  const rotate = useMutation({
    gcTime: 0,
    mutationFn: () => rotateOwnToken(username),
    onSuccess: (t) => {
      queries.setQueryData(key, t);
      setShown(true);
      say("Your API token was replaced: the old one no longer works. Scripts need the new one.");
    },
    onError: (e) => say(`Could not rotate your token: ${failure(e)}`, true),
  });
  const hide = () => {
    setShown(false);
    rotate.reset();
    queries.removeQueries({ queryKey: key, exact: true });
  };
  const copy = async () => {
    try {
      // Copying does not show the token, nor keep it: it is read for the copy when it is not shown.
      const t = token.data ?? (await readOwnToken(username));
      await copyText(t);
      say("Your API token is on the clipboard.");
    } catch (e) {
      say(`Could not copy: ${failure(e)}`, true);
    }
  };
  return (
    <section className="panel" aria-labelledby="token-title">
      <h2 id="token-title">Your API token</h2>
      <p className="muted">
        Scripts and cbapi send it as <code>X-Auth-Token</code>. It acts as you: keep it secret.
      </p>
      <div className="ui-token">
        <code data-testid="api-token" aria-label={shown ? "Your API token" : "Your API token, hidden"}>
          {shown ? (token.data ?? (token.isLoading ? "loading…" : "—")) : "•".repeat(40)}
        </code>
        <button type="button" onClick={() => (shown ? hide() : setShown(true))} aria-pressed={shown}>
          {shown ? "Hide" : "Show"}
        </button>
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button
          type="button"
          className="danger"
          disabled={rotate.isPending}
          onClick={() =>
            ask({
              title: "Rotate your API token?",
              body: <p>A new token replaces yours now; whatever uses the old one stops working until given the new one.</p>,
              confirmLabel: "Rotate token",
              danger: true,
              run: () => rotate.mutate(),
            })
          }
        >
          Rotate…
        </button>
      </div>
      <ErrorBox error={token.error} />
      {status}
      {confirm}
    </section>
  );
}

const roleColumns: ColumnDef<ConsoleSession["group_roles"][number], unknown>[] = [
  { id: "group", header: "Group", accessorFn: (g) => g.group_name },
  {
    id: "role",
    header: "Role",
    accessorFn: (g) => g.role,
    cell: ({ row }) => <span className={row.original.role === "Administrator" ? "badge warn" : "badge"}>{row.original.role}</span>,
  },
];

/** Your account (/#/account): who you are, your role in each sensor group, and your API token. */
export default function AccountPage() {
  const s = useSession();
  const name = `${s.first_name} ${s.last_name}`.trim();
  return (
    <div className="ui-page">
      <PageTitle>Your account</PageTitle>
      <div className="grid">
        <section className="panel" aria-labelledby="who-title">
          <h2 id="who-title">Who you are</h2>
          <dl className="facts">
            <dt>Username</dt>
            <dd data-testid="account-username">{s.username}</dd>
            <dt>Name</dt>
            <dd>{name || "—"}</dd>
            <dt>E-mail</dt>
            <dd>{s.email || "—"}</dd>
            <dt>Role</dt>
            <dd>{s.global_admin ? "Global administrator" : "By team, per sensor group"}</dd>
            <dt>Session ends</dt>
            <dd>
              {formatTime(s.expires)} (or after {Math.round(s.idle_seconds / 60)} min idle)
            </dd>
          </dl>
          {s.global_admin && (
            <p className="muted">
              Names, e-mail and password are changed under <Link to="/admin/users">Administration</Link>.
            </p>
          )}
        </section>
        <section className="panel" aria-labelledby="roles-title">
          <h2 id="roles-title">Your role per sensor group</h2>
          {s.group_roles.length === 0 ? (
            <p className="muted">You see no sensor group: a global administrator adds you to a team.</p>
          ) : (
            <DataTable
              data={s.group_roles}
              columns={roleColumns}
              rowId={(g) => String(g.group_id)}
              caption="Your role in each sensor group"
              height={260}
            />
          )}
        </section>
      </div>
      <ApiToken username={s.username} />
    </div>
  );
}
