import { isolationLabel, isolationState, type Sensor } from "../../api/sensors";

/** Online / Offline / Uninstalled as the server says it. */
export function StatusBadge({ status }: { status: string }) {
  const tone = status === "Online" ? "ok" : status === "Offline" ? "" : "warn";
  return <span className={`badge ${tone}`}>{status || "Unknown"}</span>;
}

/**
 * The isolation the analyst must read right: "Isolating…" from the request until the sensor confirms it, then
 * "Isolated" (and "Releasing isolation…" on the way back).
 */
export function IsolationBadge({ sensor, quietWhenNone }: { sensor: Pick<Sensor, "network_isolation_enabled" | "is_isolating">; quietWhenNone?: boolean }) {
  const state = isolationState(sensor);
  if (state === "none" && quietWhenNone)
    return (
      <span className="muted">
        <span aria-hidden="true">—</span>
        <span className="sr-only">Not isolated</span>
      </span>
    );
  const tone = state === "isolated" ? "danger" : state === "none" ? "" : "warn";
  return (
    <span className={`badge ${tone}`} data-isolation={state}>
      {isolationLabel[state]}
    </span>
  );
}
