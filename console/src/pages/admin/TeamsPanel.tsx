import { useEffect, useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { ACCESS_CATEGORIES, teamsApi, type AccessCategory, type GroupAccess, type SensorGroup, type Team } from "../../api/admin";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading } from "../../components/common";
import { FormDialog, failure, useConfirm, useStatus } from "../../components/forms";

const NO_GROUPS: SensorGroup[] = [];

/** A team's role in every group: what it lists, No Access for the rest. */
export function rolesOf(team: Team | null, groups: SensorGroup[]): Record<number, AccessCategory> {
  const out: Record<number, AccessCategory> = {};
  for (const g of groups) out[g.id] = "No Access";
  for (const a of team?.group_access ?? []) out[a.group_id] = a.access_category;
  return out;
}

/** The group_access a team is saved with: the groups it has a role in (absent ones are No Access on the server). */
export function accessOf(roles: Record<number, AccessCategory>, groups: SensorGroup[]): GroupAccess[] {
  return groups
    .filter((g) => roles[g.id] && roles[g.id] !== "No Access")
    .map((g) => ({ group_id: g.id, group_name: g.name, access_category: roles[g.id] }));
}

/** "Default Group: Administrator · Servers: Viewer". */
export function accessSummary(t: Team): string {
  const listed = t.group_access.filter((a) => a.access_category !== "No Access");
  return listed.length === 0 ? "No access" : listed.map((a) => `${a.group_name}: ${a.access_category}`).join(" · ");
}

function TeamDialog({
  open,
  team,
  groups,
  onClose,
  onSaved,
}: {
  open: boolean;
  team: Team | null;
  groups: SensorGroup[];
  onClose: () => void;
  onSaved: (m: string) => void;
}) {
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [roles, setRoles] = useState<Record<number, AccessCategory>>({});
  useEffect(() => {
    if (!open) return;
    setName(team?.name ?? "");
    setRoles(rolesOf(team, groups));
  }, [open, team, groups]);
  const save = useMutation({
    mutationFn: async () => {
      if (!name.trim()) throw new Error("A team needs a name.");
      const access = accessOf(roles, groups);
      if (team) await teamsApi.update({ id: team.id, name: name.trim(), group_access: access });
      else await teamsApi.create(name.trim(), access);
      return name.trim();
    },
    onSuccess: (n) => {
      void queries.invalidateQueries({ queryKey: ["teams"] });
      void queries.invalidateQueries({ queryKey: ["users"] });
      onSaved(team ? `Team ${n} saved.` : `Team ${n} created.`);
      onClose();
    },
  });
  return (
    <FormDialog
      open={open}
      wide
      title={team ? `Edit the team ${team.name}` : "New team"}
      submitLabel={team ? "Save team" : "Create team"}
      busy={save.isPending}
      error={save.error}
      onSubmit={() => save.mutate()}
      onCancel={() => {
        save.reset();
        onClose();
      }}
    >
      <label>
        Name
        <input required autoFocus={team === null} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset className="ui-fieldset column">
        <legend>Role in each sensor group</legend>
        {groups.length === 0 && <span className="muted">Loading the groups…</span>}
        {groups.map((g) => (
          <label key={g.id} className="inline">
            <select value={roles[g.id] ?? "No Access"} onChange={(e) => setRoles({ ...roles, [g.id]: e.target.value as AccessCategory })}>
              {ACCESS_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            {g.name}
          </label>
        ))}
      </fieldset>
      <p className="muted ui-help">
        Administrators act on the group's sensors (isolate, live response, ban); Viewers only read them; No Access hides
        the group. A user in several teams gets the strongest role each team gives.
      </p>
    </FormDialog>
  );
}

/** Teams and their role per sensor group. */
export function TeamsPanel() {
  const queries = useQueryClient();
  const teams = useQuery({ queryKey: ["teams"], queryFn: teamsApi.list });
  const groups = useQuery({ queryKey: ["groups"], queryFn: teamsApi.groups });
  const [status, say] = useStatus();
  const [confirm, ask] = useConfirm();
  const [editing, setEditing] = useState<Team | "new" | null>(null);
  const remove = useMutation({
    mutationFn: (t: Team) => teamsApi.remove(t.id),
    onSuccess: (_r, t) => {
      say(`Team ${t.name} deleted.`);
      void queries.invalidateQueries({ queryKey: ["teams"] });
      void queries.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e, t) => say(`Could not delete ${t.name}: ${failure(e)}`, true),
  });
  const columns = useMemo<ColumnDef<Team, unknown>[]>(
    () => [
      { id: "name", header: "Team", accessorFn: (t) => t.name },
      { id: "access", header: "Access", accessorFn: (t) => accessSummary(t) },
      {
        id: "act",
        header: () => <span className="sr-only">Actions</span>,
        enableSorting: false,
        cell: ({ row }) => (
          <span className="row ui-actions">
            <button type="button" className="ui-small" aria-label={`Edit ${row.original.name}`} onClick={() => setEditing(row.original)}>
              Edit
            </button>
            <button
              type="button"
              className="ui-small"
              disabled={remove.isPending}
              aria-label={`Delete ${row.original.name}`}
              onClick={() =>
                ask({
                  title: `Delete the team ${row.original.name}?`,
                  body: <p>Its members lose the access it gave them.</p>,
                  confirmLabel: "Delete team",
                  danger: true,
                  run: () => remove.mutate(row.original),
                })
              }
            >
              Delete
            </button>
          </span>
        ),
      },
    ],
    [remove, ask],
  );
  return (
    <div className="stack">
      <div className="row ui-between">
        <p className="muted ui-lead">A team gives its members a role in each sensor group.</p>
        <button type="button" className="primary" onClick={() => setEditing("new")}>
          Add team
        </button>
      </div>
      {status}
      <ErrorBox error={teams.error ?? groups.error} />
      {teams.isLoading ? (
        <Loading label="Loading teams" />
      ) : (
        <DataTable data={teams.data ?? []} columns={columns} rowId={(t) => String(t.id)} caption="Teams" height="calc(100vh - 300px)" empty="No team yet." />
      )}
      <TeamDialog
        open={editing !== null}
        team={editing === "new" ? null : editing}
        groups={groups.data ?? NO_GROUPS}
        onClose={() => setEditing(null)}
        onSaved={(m) => say(m)}
      />
      {confirm}
    </div>
  );
}
