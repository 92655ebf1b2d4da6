import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { analysisApi, keys } from "../../api/analysis";
import { ApiError } from "../../api/client";
import { usePermissions } from "../../api/session";
import { ConfirmDialog } from "../../components/common";

/**
 * Whether a hash is banned, and (for a global administrator, the only role the server lets ban) the buttons to ban it
 * or, where `unban` is offered, lift the ban. Each change is confirmed first: a ban stops the binary on every sensor.
 */
export function BanControl({ md5, name, unban = false }: { md5: string; name: string; unban?: boolean }) {
  const { globalAdmin } = usePermissions();
  const queries = useQueryClient();
  const ban = useQuery({ queryKey: keys.ban(md5), queryFn: ({ signal }) => analysisApi.ban(md5, signal) });
  const [asking, setAsking] = useState<"ban" | "unban" | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: async (what: "ban" | "unban") => {
      if (what === "unban") return analysisApi.unbanHash(md5);
      try {
        return await analysisApi.banHash(md5, `Banned from the console (${name})`);
      } catch (e) {
        // Someone banned it meanwhile: the hash is banned, which is what was asked.
        if (e instanceof ApiError && e.status === 409) return null;
        throw e;
      }
    },
    onSuccess: (_r, what) => setOutcome(what === "ban" ? `${name} is banned.` : `The ban on ${name} is lifted.`),
    onError: (e) => setOutcome(`Could not change the ban: ${e instanceof Error ? e.message : String(e)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: keys.ban(md5) }),
  });
  const banned = ban.data ?? null;

  return (
    <>
      {banned && (
        <span className="badge danger" title={banned.text || undefined}>
          Hash banned
        </span>
      )}
      {globalAdmin && !ban.isPending && !banned && (
        <button type="button" className="danger" onClick={() => setAsking("ban")} disabled={change.isPending}>
          Ban hash
        </button>
      )}
      {globalAdmin && unban && banned && (
        <button type="button" onClick={() => setAsking("unban")} disabled={change.isPending}>
          Unban hash
        </button>
      )}
      <span className="sr-only" role="status" aria-live="polite">
        {outcome ?? ""}
      </span>
      {outcome && change.isError && (
        <span className="error" role="alert">
          {outcome}
        </span>
      )}
      {/* Mounted only while asked: the shared dialog's title id would repeat if two pages' dialogs stayed mounted. */}
      {asking && (
      <ConfirmDialog
        open
        title={asking === "unban" ? "Lift the ban?" : "Ban this hash?"}
        confirmLabel={asking === "unban" ? "Unban" : "Ban"}
        danger={asking === "ban"}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (asking) change.mutate(asking);
          setAsking(null);
        }}
      >
        <p>
          {asking === "unban"
            ? `Sensors will let ${name} run again.`
            : `Every sensor that enforces bans will stop ${name} from running and kill running copies.`}
        </p>
        <p className="mono">{md5.toLowerCase()}</p>
      </ConfirmDialog>
      )}
    </>
  );
}
