import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { usersApi, type Team, type User, type UserInput } from "../../api/admin";
import { FormDialog } from "../../components/forms";

export interface UserForm {
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  global_admin: boolean;
  teams: number[];
  password: string;
  confirm: string;
  current: string;
}

export function formOf(u: User | null): UserForm {
  return {
    username: u?.username ?? "",
    first_name: u?.first_name ?? "",
    last_name: u?.last_name ?? "",
    email: u?.email ?? "",
    global_admin: u?.global_admin ?? false,
    teams: u?.teams.map((t) => t.id) ?? [],
    password: "",
    confirm: "",
    current: "",
  };
}

/** What a user form sends; the reasons it cannot be sent yet. A password is required for a new user only. */
export function userInputOf(f: UserForm, isNew: boolean, isSelf = false): { input: UserInput } | { problem: string } {
  const username = f.username.trim();
  if (!username) return { problem: "A user needs a username." };
  if (isNew && !f.password) return { problem: "A new user needs a password." };
  if (f.password !== f.confirm) return { problem: "The two passwords differ." };
  const input: UserInput = {
    username,
    first_name: f.first_name.trim(),
    last_name: f.last_name.trim(),
    email: f.email.trim(),
    global_admin: f.global_admin,
    teams: f.teams,
  };
  if (f.password) input.password = f.password;
  if (f.password && isSelf) {
    // The server asks for your current password before it takes a new one from you.
    if (!f.current) return { problem: "Give your current password to change it." };
    input.current_password = f.current;
  }
  return { input };
}

/** Creates a user (with a password) or edits one: names, e-mail, global administrator, teams, a new password. */
export function UserDialog({
  open,
  user,
  self,
  teams,
  onClose,
  onSaved,
}: {
  open: boolean;
  user: User | null;
  /** The user is the one logged in. */
  self?: boolean;
  teams: Team[];
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const queries = useQueryClient();
  const [form, setForm] = useState<UserForm>(() => formOf(user));
  useEffect(() => {
    if (open) setForm(formOf(user));
  }, [open, user]);
  const save = useMutation({
    mutationFn: async () => {
      const r = userInputOf(form, user === null, self);
      if ("problem" in r) throw new Error(r.problem);
      if (user) await usersApi.update(r.input);
      else await usersApi.create(r.input);
      return r.input.username;
    },
    onSuccess: (name) => {
      void queries.invalidateQueries({ queryKey: ["users"] });
      onSaved(user ? `User ${name} saved.` : `User ${name} created.`);
      onClose();
    },
  });
  const set = (c: Partial<UserForm>) => setForm({ ...form, ...c });
  return (
    <FormDialog
      open={open}
      wide
      title={user ? `Edit the user ${user.username}` : "New user"}
      submitLabel={user ? "Save user" : "Create user"}
      busy={save.isPending}
      error={save.error}
      onSubmit={() => save.mutate()}
      onCancel={() => {
        save.reset();
        onClose();
      }}
    >
      <label>
        Username
        <input
          required
          autoComplete="off"
          readOnly={user !== null}
          autoFocus={user === null}
          value={form.username}
          onChange={(e) => set({ username: e.target.value })}
        />
      </label>
      <div className="row">
        <label>
          First name
          <input autoComplete="off" value={form.first_name} onChange={(e) => set({ first_name: e.target.value })} />
        </label>
        <label>
          Last name
          <input autoComplete="off" value={form.last_name} onChange={(e) => set({ last_name: e.target.value })} />
        </label>
      </div>
      <label>
        E-mail
        <input type="email" autoComplete="off" value={form.email} onChange={(e) => set({ email: e.target.value })} />
      </label>
      <div className="row">
        <label>
          {user ? "New password (leave empty to keep it)" : "Password"}
          <input
            type="password"
            autoComplete="new-password"
            required={user === null}
            value={form.password}
            onChange={(e) => set({ password: e.target.value })}
          />
        </label>
        <label>
          Password again
          <input
            type="password"
            autoComplete="new-password"
            required={user === null}
            value={form.confirm}
            onChange={(e) => set({ confirm: e.target.value })}
          />
        </label>
      </div>
      {self && form.password && (
        <label>
          Your current password
          <input type="password" autoComplete="current-password" required value={form.current} onChange={(e) => set({ current: e.target.value })} />
        </label>
      )}
      <label className="inline">
        <input type="checkbox" checked={form.global_admin} onChange={(e) => set({ global_admin: e.target.checked })} />
        Global administrator (everything, on every sensor group)
      </label>
      <fieldset className="ui-fieldset">
        <legend>Teams</legend>
        {teams.length === 0 && <span className="muted">No team yet (make them on the Teams tab).</span>}
        {teams.map((t) => (
          <label key={t.id} className="inline">
            <input
              type="checkbox"
              checked={form.teams.includes(t.id)}
              onChange={(e) => set({ teams: e.target.checked ? [...form.teams, t.id] : form.teams.filter((id) => id !== t.id) })}
            />
            {t.name}
          </label>
        ))}
      </fieldset>
    </FormDialog>
  );
}
