import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createProcessWatchlist, type CreatedWatchlist } from "../../api/process";
import { ErrorBox } from "../../components/common";

/**
 * Names and saves the current query as a process watchlist (the native dialog: focus stays inside, Escape cancels).
 * The server runs the query once before storing it, so a query it refuses is reported here and nothing is saved.
 */
export function SaveWatchlistDialog({
  open,
  query,
  onClose,
  onSaved,
}: {
  open: boolean;
  query: string;
  onClose: () => void;
  onSaved: (w: CreatedWatchlist) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState("");
  const queries = useQueryClient();
  const save = useMutation({
    mutationFn: () => createProcessWatchlist(name.trim(), query),
    onSuccess: (w) => {
      void queries.invalidateQueries({ queryKey: ["watchlists"] });
      onSaved(w);
    },
  });

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setName("");
      save.reset();
      d.showModal?.();
    }
    if (!open && d.open) d.close?.();
    // save.reset is stable enough; only opening and closing matter here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && !save.isPending) save.mutate();
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="save-watchlist-title" onCancel={onClose} onClose={() => open && onClose()}>
      <form onSubmit={submit} className="stack">
        <h2 id="save-watchlist-title">Save as watchlist</h2>
        <label>
          Watchlist name
          <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus maxLength={200} />
        </label>
        <div>
          <span className="muted">Query</span>
          <pre className="watchlist-query">{query}</pre>
          <p className="muted">The watchlist runs this query on new processes and tags what matches; the time window is not part of it.</p>
        </div>
        <ErrorBox error={save.error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!name.trim() || save.isPending}>
            {save.isPending ? "Saving…" : "Save watchlist"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
