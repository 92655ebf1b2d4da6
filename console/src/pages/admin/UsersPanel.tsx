import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { teamsApi, usersApi, type User } from "../../api/admin";
import { useSession } from "../../api/session";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading } from "../../components/common";
import { failure, useConfirm, useStatus } from "../../components/forms";
import { UserDialog } from "./UserDialog";

/** The users: who they are, whether they are global administrators, their teams; add, edit, delete, new token. */
export function UsersPanel() {
  const me = useSession().username;
  const queries = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: usersApi.list });
  const teams = useQuery({ queryKey: ["teams"], queryFn: teamsApi.list });
  const [status, say] = useStatus();
  const [confirm, ask] = useConfirm();
  const [editing, setEditing] = useState<User | "new" | null>(null);

  const remove = useMutation({
    mutationFn: (u: User) => usersApi.remove(u.username),
    onSuccess: (_r, u) => {
      say(`User ${u.username} deleted.`);
      void queries.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e, u) => say(`Could not delete ${u.username}: ${failure(e)}`, true),
  });
  const rotate = useMutation({
    mutationFn: (u: User) => usersApi.rotateToken(u.username),
    onSuccess: (_t, u) => say(`${u.username} has a new API token; the old one no longer works. They see it on their account page.`),
    onError: (e, u) => say(`Could not reset the token of ${u.username}: ${failure(e)}`, true),
  });

  const columns = useMemo<ColumnDef<User, unknown>[]>(
    () => [
      { id: "username", header: "Username", accessorFn: (u) => u.username },
      { id: "name", header: "Name", accessorFn: (u) => `${u.first_name} ${u.last_name}`.trim() || "—" },
      { id: "email", header: "E-mail", accessorFn: (u) => u.email || "—" },
      {
        id: "global_admin",
        header: "Role",
        accessorFn: (u) => u.global_admin,
        cell: ({ row }) =>
          row.original.global_admin ? <span className="badge warn">Global administrator</span> : <span className="muted">By team</span>,
      },
      { id: "teams", header: "Teams", accessorFn: (u) => u.teams.map((t) => t.name).join(", ") || "—" },
      {
        id: "act",
        header: () => <span className="sr-only">Actions</span>,
        enableSorting: false,
        cell: ({ row }) => {
          const u = row.original;
          const self = u.username === me;
          return (
            <span className="row ui-actions">
              <button type="button" className="ui-small" aria-label={`Edit ${u.username}`} onClick={() => setEditing(u)}>
                Edit
              </button>
              <button
                type="button"
                className="ui-small"
                disabled={rotate.isPending}
                aria-label={`Reset the API token of ${u.username}`}
                onClick={() =>
                  ask({
                    title: `Reset the API token of ${u.username}?`,
                    body: <p>Scripts using their current token stop working until they are given the new one.</p>,
                    confirmLabel: "Reset token",
                    danger: true,
                    run: () => rotate.mutate(u),
                  })
                }
              >
                Reset token
              </button>
              <button
                type="button"
                className="ui-small"
                disabled={self || remove.isPending}
                title={self ? "You cannot delete yourself here" : undefined}
                aria-label={`Delete ${u.username}`}
                onClick={() =>
                  ask({
                    title: `Delete the user ${u.username}?`,
                    body: <p>They can no longer log in and their API token stops working.</p>,
                    confirmLabel: "Delete user",
                    danger: true,
                    run: () => remove.mutate(u),
                  })
                }
              >
                Delete
              </button>
            </span>
          );
        },
      },
    ],
    [me, rotate, remove, ask],
  );

  const editingUser = editing === "new" ? null : editing;
  return (
    <div className="stack">
      <div className="row ui-between">
        <p className="muted ui-lead ui-count">{users.data ? `${users.data.length} users` : ""}</p>
        <button type="button" className="primary" onClick={() => setEditing("new")}>
          Add user
        </button>
      </div>
      {status}
      <ErrorBox error={users.error} />
      {users.isLoading ? (
        <Loading label="Loading users" />
      ) : (
        <DataTable data={users.data ?? []} columns={columns} rowId={(u) => u.username} caption="Users" height="calc(100vh - 300px)" />
      )}
      <UserDialog
        open={editing !== null}
        user={editingUser}
        self={editingUser?.username === me}
        teams={teams.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={(m) => say(m)}
      />
      {confirm}
    </div>
  );
}
