import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { buildSearchQuery, parseSearchQuery, watchlistsApi, type IndexType, type Watchlist, type WatchlistInput } from "../../api/intel";
import { FormDialog } from "../../components/forms";
import { QueryEditor } from "../../query/QueryEditor";

export interface WatchlistForm {
  name: string;
  type: IndexType;
  q: string;
  description: string;
  enabled: boolean;
  /** Parameters of the stored search_query other than q (cb.q.*, cb.fq.*, sort): kept as they are. */
  rest: [string, string][];
}

export function formOf(w: Watchlist | null): WatchlistForm {
  if (!w) return { name: "", type: "events", q: "", description: "", enabled: true, rest: [] };
  const { q, rest } = parseSearchQuery(w.search_query);
  return { name: w.name, type: w.index_type, q, description: w.description, enabled: w.enabled, rest };
}

export function inputOf(f: WatchlistForm): WatchlistInput {
  return {
    name: f.name.trim(),
    index_type: f.type,
    search_query: buildSearchQuery(f.q.trim(), f.rest),
    description: f.description,
    enabled: f.enabled,
  };
}

/**
 * Creates or edits a watchlist: a name, what it searches (processes or binaries) and the query. The server runs the
 * query once before it keeps it, so a query it cannot parse is refused here with the place of the error.
 */
export function WatchlistDialog({
  open,
  watchlist,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** null: a new watchlist. */
  watchlist: Watchlist | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const queries = useQueryClient();
  const [form, setForm] = useState<WatchlistForm>(() => formOf(watchlist));
  useEffect(() => {
    if (open) setForm(formOf(watchlist));
  }, [open, watchlist]);
  const save = useMutation({
    mutationFn: async () => {
      const input = inputOf(form);
      if (!input.name) throw new Error("A watchlist needs a name.");
      if (!form.q.trim()) throw new Error("A watchlist needs a query.");
      if (watchlist) await watchlistsApi.update(watchlist.id, input);
      else await watchlistsApi.create(input);
      return input.name;
    },
    onSuccess: (name) => {
      void queries.invalidateQueries({ queryKey: ["watchlists"] });
      onSaved(watchlist ? `Watchlist ${name} saved.` : `Watchlist ${name} created.`);
      onClose();
    },
  });
  const set = (changes: Partial<WatchlistForm>) => setForm({ ...form, ...changes });
  return (
    <FormDialog
      open={open}
      wide
      title={watchlist ? `Edit the watchlist ${watchlist.name}` : "New watchlist"}
      submitLabel={watchlist ? "Save watchlist" : "Create watchlist"}
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
        <input required autoFocus value={form.name} onChange={(e) => set({ name: e.target.value })} />
      </label>
      <fieldset className="ui-fieldset">
        <legend>Searches</legend>
        <label className="inline">
          <input type="radio" name="watchlist-type" checked={form.type === "events"} onChange={() => set({ type: "events" })} />
          Processes
        </label>
        <label className="inline">
          <input type="radio" name="watchlist-type" checked={form.type === "modules"} onChange={() => set({ type: "modules" })} />
          Binaries
        </label>
      </fieldset>
      {form.type === "events" ? (
        // Process watchlists: the search page's query box (highlighting, field completion, errors underlined).
        <div className="intel-query-box">
          <span id="watchlist-query-label" className="intel-label">
            Query
          </span>
          <QueryEditor
            value={form.q}
            onChange={(q) => set({ q })}
            onSubmit={() => undefined}
            labelledBy="watchlist-query-label"
            describedBy="watchlist-query-help"
            placeholder="process_name:powershell.exe AND netconn_count:[1 TO *]"
          />
        </div>
      ) : (
        <label>
          Query
          <textarea
            className="mono intel-query"
            required
            rows={4}
            spellCheck={false}
            value={form.q}
            onChange={(e) => set({ q: e.target.value })}
            placeholder="digsig_result:Unsigned"
            aria-describedby="watchlist-query-help"
          />
        </label>
      )}
      <p id="watchlist-query-help" className="muted ui-help">
        The Carbon Black query language, as on the search page. Matching {form.type === "events" ? "processes" : "binaries"} are
        tagged as they arrive and by a periodic run.
        {form.rest.length > 0 && (
          <>
            {" "}
            Also kept: <code>{form.rest.map(([k, v]) => `${k}=${v}`).join("&")}</code>
          </>
        )}
      </p>
      <label>
        Description
        <input value={form.description} onChange={(e) => set({ description: e.target.value })} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        Enabled
      </label>
    </FormDialog>
  );
}
