import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { feedsApi, type Feed, type NewFeed } from "../../api/intel";
import { FormDialog } from "../../components/forms";

const EMPTY: NewFeed = { feed_url: "", enabled: true, validate_server_cert: true, use_proxy: false, username: "", password: "" };

/** What the add-feed form sends: credentials only when given. */
export function newFeedBody(f: NewFeed): NewFeed {
  const body: NewFeed = {
    feed_url: f.feed_url.trim(),
    enabled: f.enabled,
    validate_server_cert: f.validate_server_cert,
    use_proxy: f.use_proxy,
  };
  if (f.username?.trim()) body.username = f.username.trim();
  if (f.password) body.password = f.password;
  return body;
}

/**
 * Adds a feed by its URL. The server fetches and checks the document before it keeps anything, so what it refuses
 * (unreachable, not a feed, already added) is said here, and the feed's name comes from its document.
 */
export function AddFeedDialog({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded: (f: Feed) => void }) {
  const queries = useQueryClient();
  const [form, setForm] = useState<NewFeed>(EMPTY);
  const add = useMutation({
    mutationFn: () => feedsApi.add(newFeedBody(form)),
    onSuccess: (feed) => {
      void queries.invalidateQueries({ queryKey: ["feeds"] });
      setForm(EMPTY);
      onAdded(feed);
      onClose();
    },
  });
  const set = (changes: Partial<NewFeed>) => setForm({ ...form, ...changes });
  return (
    <FormDialog
      open={open}
      title="Add a feed"
      submitLabel="Add feed"
      busy={add.isPending}
      error={add.error}
      onSubmit={() => add.mutate()}
      onCancel={() => {
        add.reset();
        onClose();
      }}
    >
      <label>
        Feed URL
        <input
          type="text"
          inputMode="url"
          required
          autoFocus
          value={form.feed_url}
          onChange={(e) => set({ feed_url: e.target.value })}
          placeholder="https://intel.example/feed.json"
          aria-describedby="add-feed-url-help"
        />
      </label>
      <p id="add-feed-url-help" className="muted ui-help">
        A Carbon Black feed document (https, http, or a file: URL on the server). Its name and reports come from the
        document; the server fetches it now and refuses it if it is not a valid feed.
      </p>
      <label className="inline">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        Enabled (its reports raise hits)
      </label>
      <label className="inline">
        <input type="checkbox" checked={form.validate_server_cert} onChange={(e) => set({ validate_server_cert: e.target.checked })} />
        Validate the feed server's certificate
      </label>
      <label className="inline">
        <input type="checkbox" checked={form.use_proxy} onChange={(e) => set({ use_proxy: e.target.checked })} />
        Use the server's proxy
      </label>
      <details>
        <summary>Credentials (HTTP Basic)</summary>
        <div className="stack intel-details-body">
          <label>
            Username
            <input autoComplete="off" value={form.username} onChange={(e) => set({ username: e.target.value })} />
          </label>
          <label>
            Password
            <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => set({ password: e.target.value })} />
          </label>
        </div>
      </details>
    </FormDialog>
  );
}
