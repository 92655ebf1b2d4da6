import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ACTION_TYPES, actionUrl, actionsApi, type ActionOwner, type ActionType, type IntelAction } from "../../api/intel";
import { Loading, ErrorBox } from "../../components/common";
import { FormDialog } from "../../components/forms";

/** What the form asks for: each kind of action on or off, and the URL an HTTP POST goes to. */
export interface ActionChoice {
  on: Record<ActionType, boolean>;
  url: string;
}

export type ActionChange =
  | { op: "add"; type: ActionType; data: string }
  | { op: "update"; action: IntelAction; data: string }
  | { op: "remove"; action: IntelAction };

export function choiceOf(actions: IntelAction[]): ActionChoice {
  const on = { 0: false, 1: false, 2: false, 3: false } as Record<ActionType, boolean>;
  let url = "";
  for (const a of actions) {
    on[a.action_type] = true;
    if (a.action_type === 2) url = actionUrl(a.action_data);
  }
  return { on, url };
}

/** The calls that turn the actions there are into the ones chosen (one action per kind, as the server's UI has). */
export function changesFor(actions: IntelAction[], choice: ActionChoice): ActionChange[] {
  const out: ActionChange[] = [];
  for (const { type } of ACTION_TYPES) {
    const existing = actions.filter((a) => a.action_type === type);
    const data = type === 2 ? JSON.stringify({ url: choice.url.trim() }) : "{}";
    if (choice.on[type]) {
      if (existing.length === 0) out.push({ op: "add", type, data });
      else if (type === 2 && actionUrl(existing[0].action_data) !== choice.url.trim()) out.push({ op: "update", action: existing[0], data });
      existing.slice(1).forEach((a) => out.push({ op: "remove", action: a }));
    } else {
      existing.forEach((a) => out.push({ op: "remove", action: a }));
    }
  }
  return out;
}

/** The actions of a feed or a watchlist: e-mail, syslog, HTTP POST, alert, each on or off. */
export function ActionsDialog({
  owner,
  ownerName,
  onClose,
  onDone,
}: {
  owner: ActionOwner | null;
  ownerName: string;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const queries = useQueryClient();
  const key = ["ui-actions", owner?.kind, owner?.id];
  const actions = useQuery({ queryKey: key, queryFn: () => actionsApi.list(owner!), enabled: owner !== null, staleTime: 0 });
  // The form starts from the actions as loaded, once: a later refetch does not undo what the user ticked.
  const [choice, setChoice] = useState<ActionChoice | null>(null);
  useEffect(() => {
    if (actions.data && choice === null) setChoice(choiceOf(actions.data));
  }, [actions.data, choice]);

  const save = useMutation({
    mutationFn: async () => {
      if (!choice) return 0;
      if (choice.on[2] && !/^https?:\/\/\S+$/i.test(choice.url.trim())) throw new Error("An HTTP POST action needs an http(s) URL.");
      const changes = changesFor(actions.data ?? [], choice);
      for (const c of changes) {
        if (c.op === "add") await actionsApi.add(owner!, c.type, c.data);
        else if (c.op === "update") await actionsApi.update(owner!, c.action, c.data);
        else await actionsApi.remove(owner!, c.action.id);
      }
      return changes.length;
    },
    onSuccess: (n) => {
      void queries.invalidateQueries({ queryKey: key });
      onDone(n === 0 ? `The actions of ${ownerName} are unchanged.` : `The actions of ${ownerName} are saved.`);
      onClose();
    },
  });

  return (
    <FormDialog
      open={owner !== null}
      title={`Actions of ${ownerName}`}
      submitLabel="Save actions"
      busy={save.isPending || choice === null}
      error={save.error}
      onSubmit={() => save.mutate()}
      onCancel={() => {
        save.reset();
        onClose();
      }}
    >
      {actions.isLoading && <Loading label="Loading the actions" />}
      <ErrorBox error={actions.error} />
      {choice && (
        <>
          <fieldset className="ui-fieldset">
            <legend>On each hit</legend>
            {ACTION_TYPES.map(({ type, label, hint }) => (
              <label key={type} className="inline">
                <input
                  type="checkbox"
                  checked={choice.on[type]}
                  onChange={(e) => setChoice({ ...choice, on: { ...choice.on, [type]: e.target.checked } })}
                />
                {label} <span className="muted">({hint})</span>
              </label>
            ))}
          </fieldset>
          {choice.on[2] && (
            <label>
              URL the hits are posted to
              <input type="url" required value={choice.url} onChange={(e) => setChoice({ ...choice, url: e.target.value })} placeholder="https://" />
            </label>
          )}
        </>
      )}
    </FormDialog>
  );
}
