import { useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { analysisApi, keys, type ProcessDoc } from "../../api/analysis";
import { usePermissions } from "../../api/session";
import { noteSensorChange, sensorPollInterval } from "../../api/sensorPolling";
import { ConfirmDialog } from "../../components/common";
import { BanControl } from "../binary/BanControl";

/**
 * What the analyst can do about the process's host and binary: isolate the host and go live (only for a group they
 * administer), ban the hash (global administrators). Nothing is offered that the role may not do.
 */
export function ProcessActions({ doc }: { doc: ProcessDoc }) {
  const perms = usePermissions();
  const queries = useQueryClient();
  const sensor = useQuery({
    queryKey: keys.sensor(doc.sensor_id),
    queryFn: ({ signal }) => analysisApi.sensor(doc.sensor_id, signal),
    // Until the sensor confirms an isolation (or its release): every 2 s for a few minutes after this page asked for
    // it, else every 30 s; once confirmed, not at all.
    refetchInterval: (q) => {
      const s = q.state.data;
      if (!s || s.network_isolation_enabled === s.is_isolating) return false;
      return sensorPollInterval([s]);
    },
  });
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const isolate = useMutation({
    mutationFn: () => analysisApi.isolate(doc.sensor_id),
    onSuccess: () => {
      noteSensorChange(doc.sensor_id);
      setOutcome(`Isolation of ${doc.hostname} requested; waiting for the sensor to confirm.`);
    },
    onError: (e) => setOutcome(`Could not isolate ${doc.hostname}: ${e instanceof Error ? e.message : String(e)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: keys.sensor(doc.sensor_id) }),
  });

  const s = sensor.data;
  const mayAdminister = s ? perms.administers(s.group_id) : false;
  // Asked for (network_isolation_enabled) and confirmed by the sensor (is_isolating) are two states: show both.
  const isolation = !s
    ? null
    : s.network_isolation_enabled
      ? s.is_isolating
        ? "Host isolated"
        : "Isolating host…"
      : s.is_isolating
        ? "Releasing isolation…"
        : null;
  const md5 = doc.process_md5 && /^[0-9a-f]{32}$/i.test(doc.process_md5) ? doc.process_md5 : null;

  return (
    <>
      {isolation && <span className={`badge ${isolation === "Host isolated" ? "danger" : "warn"}`}>{isolation}</span>}
      {s && mayAdminister && !s.network_isolation_enabled && !s.is_isolating && s.supports_isolation !== false && (
        <button type="button" className="danger" onClick={() => setAsking(true)} disabled={isolate.isPending}>
          Isolate host
        </button>
      )}
      {s && mayAdminister && s.supports_cblr && (
        <Link className="button-link" to={`/live/${s.id}`} title={s.status === "Online" ? undefined : `The sensor is ${s.status.toLowerCase()}`}>
          Go live{s.status === "Online" ? "" : " (offline)"}
        </Link>
      )}
      {md5 && <BanControl md5={md5} name={doc.process_name} />}
      <span className="sr-only" role="status" aria-live="polite">
        {outcome ?? ""}
      </span>
      {isolate.isError && outcome && (
        <span className="error" role="alert">
          {outcome}
        </span>
      )}
      {asking && (
        <ConfirmDialog
          open
          title={`Isolate ${doc.hostname}?`}
          confirmLabel="Isolate"
          danger
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            isolate.mutate();
          }}
        >
          <p>
            The sensor cuts {doc.hostname} off the network except for this server, until an administrator releases it
            (on the sensor's page).
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
