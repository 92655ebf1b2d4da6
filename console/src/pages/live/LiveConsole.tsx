import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { closeOnUnload, isGone, live, type LiveSensor, type LrSession } from "../../api/live";
import { beforeLogout, usePermissions, useSession } from "../../api/session";
import { ConfirmDialog, ErrorBox, Loading, PageTitle } from "../../components/common";
import { CommandHistory, commandsKey } from "./CommandHistory";
import { LiveTerminal } from "./LiveTerminal";
import { SessionLeases, type Lease } from "./sessionLease";

/** The sessions this browser tab holds, shared by every terminal it opens. */
export const leases = new SessionLeases({
  openSessions: () => live.sessions(true),
  open: (sensorId) => live.open(sensorId),
  close: (session) => live.close(session),
});

// Logging out closes them first: the closes need the login the logout ends.
beforeLogout(() => leases.closeOpened());

export const sessionKey = (id: number) => ["live", "session", id] as const;

const ENDED: Record<string, string> = {
  close: "The session was closed.",
  timeout: "The session timed out.",
  error: "The session failed.",
};

/** `/live/<sensorId>`: the sensor's terminal, if the user administers its group and the sensor takes live response. */
export function LiveConsole({ sensorId }: { sensorId: number }) {
  const perms = usePermissions();
  const sensor = useQuery({ queryKey: ["sensor", sensorId], queryFn: () => live.sensor(sensorId) });
  const title = sensor.data ? `Live response: ${sensor.data.computer_name}` : "Live response";
  const back = (
    <Link to="/live" className="button-link">
      All sessions
    </Link>
  );
  if (sensor.isPending)
    return (
      <>
        <PageTitle actions={back}>{title}</PageTitle>
        <Loading label="Loading the sensor" />
      </>
    );
  if (sensor.error || !sensor.data)
    return (
      <>
        <PageTitle actions={back}>{title}</PageTitle>
        <ErrorBox error={sensor.error ?? new Error(`Sensor ${sensorId} not found`)} />
      </>
    );
  const s = sensor.data;
  let refusal: string | null = null;
  if (!perms.administers(s.group_id))
    refusal = "Live response needs the Administrator role in this sensor's group, which you do not have.";
  else if (!s.supports_cblr) refusal = `${s.computer_name} does not take live-response sessions (its sensor does not offer them).`;
  if (refusal)
    return (
      <>
        <PageTitle actions={back}>{title}</PageTitle>
        <p className="panel">{refusal}</p>
      </>
    );
  return <LiveSessionView sensor={s} title={title} back={back} />;
}

function LiveSessionView({ sensor, title, back }: { sensor: LiveSensor; title: string; back: React.ReactNode }) {
  const { csrf_token: csrf } = useSession();
  const queries = useQueryClient();
  const [lease, setLease] = useState<Lease | null>(null);
  const [openError, setOpenError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const [confirmClose, setConfirmClose] = useState(false);
  const [closeError, setCloseError] = useState<unknown>(null);

  useEffect(() => {
    let gone = false;
    setLease(null);
    setOpenError(null);
    leases.acquire(sensor.id).then(
      (l) => !gone && setLease(l),
      (e: unknown) => !gone && setOpenError(e),
    );
    return () => {
      gone = true;
      leases.release(sensor.id);
    };
  }, [sensor.id, generation]);

  // A tab closed or reloaded takes its sessions along (the unmount above does not run then).
  useEffect(() => {
    const onHide = () => leases.openedSessions().forEach((s) => closeOnUnload(s, csrf));
    window.addEventListener("pagehide", onHide);
    return () => window.removeEventListener("pagehide", onHide);
  }, [csrf]);

  const sid = lease?.session.id;
  const status = useQuery({
    queryKey: sessionKey(sid ?? 0),
    queryFn: () => live.session(sid!),
    enabled: sid !== undefined,
    initialData: lease?.session,
    // cbapi's way: read the session every second until the sensor takes it up.
    refetchInterval: (q) => (q.state.data?.status === "pending" ? 1000 : false),
    retry: false,
  });
  const current: LrSession | undefined = status.data;
  const gone = isGone(status.error);
  const endedReason = gone
    ? "The session is gone (it timed out or the server restarted)."
    : current && ENDED[current.status]
      ? ENDED[current.status]
      : null;

  useEffect(() => {
    if (endedReason) leases.forget(sensor.id);
  }, [endedReason, sensor.id]);

  // Keep the session open while the page is (the server ends one left alone for session_timeout, 300 s).
  const active = current?.status === "active" && !endedReason;
  useEffect(() => {
    if (!active || sid === undefined) return;
    const timer = setInterval(() => {
      live
        .keepalive(sid)
        .then((s) => queries.setQueryData(sessionKey(sid), s))
        .catch(() => queries.invalidateQueries({ queryKey: sessionKey(sid) }));
    }, 30_000);
    return () => clearInterval(timer);
  }, [active, sid, queries]);

  const refreshHistory = useCallback(() => {
    if (sid !== undefined) void queries.invalidateQueries({ queryKey: commandsKey(sid) });
  }, [sid, queries]);

  const close = async () => {
    setConfirmClose(false);
    setCloseError(null);
    try {
      await leases.closeNow(sensor.id);
    } catch (e) {
      setCloseError(e);
    }
    if (sid !== undefined) await queries.invalidateQueries({ queryKey: sessionKey(sid) });
  };

  const actions = (
    <>
      {active && (
        <button type="button" className="danger" onClick={() => setConfirmClose(true)}>
          Close session
        </button>
      )}
      {endedReason && (
        <button type="button" className="primary" onClick={() => setGeneration((g) => g + 1)}>
          Open a new session
        </button>
      )}
      {back}
    </>
  );

  return (
    <div className="live-console">
      <PageTitle actions={actions}>{title}</PageTitle>
      <p className="live-status" role="status" aria-live="polite">
        {openError ? null : !lease ? (
          "Opening a session…"
        ) : endedReason ? (
          `Session ${lease.session.id}: ${endedReason}`
        ) : current?.status === "pending" ? (
          `Session ${lease.session.id} is waiting for ${sensor.computer_name} to check in…`
        ) : (
          <>
            Session {lease.session.id} is <span className="badge ok">active</span>{" "}
            {lease.opened
              ? "You opened it: it is closed when you leave this page."
              : "You joined a session that was already open: it stays open when you leave."}
          </>
        )}
      </p>
      <ErrorBox error={openError} />
      <ErrorBox error={closeError} />
      {status.error && !gone ? <ErrorBox error={status.error} /> : null}
      {lease && current && (current.status === "active" || endedReason) && (
        <LiveTerminal
          session={current}
          sensor={sensor}
          csrfToken={csrf}
          ended={endedReason}
          onCommandDone={refreshHistory}
        />
      )}
      <p className="muted live-keys">
        Type <kbd>help</kbd> for the commands. <kbd>Tab</kbd> completes a command, <kbd>↑</kbd>/<kbd>↓</kbd> walk the
        history, <kbd>Ctrl</kbd>+<kbd>C</kbd> cancels a running command; <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves
        the terminal.
      </p>
      {sid !== undefined && <CommandHistory sessionId={sid} live={active} />}
      <ConfirmDialog
        open={confirmClose}
        title="Close the session?"
        confirmLabel="Close session"
        danger
        onConfirm={() => void close()}
        onCancel={() => setConfirmClose(false)}
      >
        <p>
          Session {sid} on {sensor.computer_name} ends for everyone using it; a command still running is cancelled.
        </p>
      </ConfirmDialog>
    </div>
  );
}
