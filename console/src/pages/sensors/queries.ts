// The sensors pages' data: TanStack Query keys and hooks over src/api/sensors.ts. A sensor whose isolation is pending
// is polled every 2 s until the sensor confirms; otherwise the pages refresh slowly, to keep check-in ages current.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { applyRequested, isolationPending, sensorsApi, type Sensor, type SensorChange, type SensorSearch } from "../../api/sensors";

export const PENDING_POLL_MS = 2_000;
export const IDLE_POLL_MS = 30_000;

export const sensorKeys = {
  list: ["sensors", "all"] as const,
  one: (id: number) => ["sensor", id] as const,
  activity: (id: number) => ["sensor", id, "activity"] as const,
  queued: (id: number) => ["sensor", id, "queued"] as const,
  groups: ["sensor-groups"] as const,
};

export function useSensorList() {
  return useQuery({
    queryKey: sensorKeys.list,
    queryFn: ({ signal }) => sensorsApi.list(signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.results.some(isolationPending) ? PENDING_POLL_MS : IDLE_POLL_MS),
  });
}

export function useSensor(id: number) {
  return useQuery({
    queryKey: sensorKeys.one(id),
    queryFn: ({ signal }) => sensorsApi.get(id, signal),
    enabled: Number.isInteger(id) && id > 0,
    refetchInterval: (q) => (q.state.data && isolationPending(q.state.data) ? PENDING_POLL_MS : IDLE_POLL_MS),
  });
}

export function useSensorGroups() {
  return useQuery({ queryKey: sensorKeys.groups, queryFn: ({ signal }) => sensorsApi.groups(signal), staleTime: 60_000 });
}

/** `id → name` of the groups (the id itself while they load or for a group the user cannot see). */
export function groupNamer(groups: { id: number; name: string }[] | undefined): (id: number) => string {
  const names = new Map((groups ?? []).map((g) => [g.id, g.name]));
  return (id) => names.get(id) ?? `Group ${id}`;
}

/**
 * A change to a sensor (isolate, restart, flush, move). Once the server took it, the cached document shows the
 * request at once (so "Isolating…" appears without waiting for a refetch), then it and the list are fetched again.
 */
export function useSensorChange(sensor: Sensor | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: SensorChange) => {
      if (!sensor) throw new Error("no sensor");
      return sensorsApi.change(sensor.id, change);
    },
    onSuccess: (_void, change) => {
      if (!sensor) return;
      const after = applyRequested(sensor, change);
      client.setQueryData<Sensor>(sensorKeys.one(sensor.id), (old) => (old ? applyRequested(old, change) : after));
      client.setQueryData<SensorSearch>(sensorKeys.list, (old) =>
        old ? { ...old, results: old.results.map((s) => (s.id === sensor.id ? applyRequested(s, change) : s)) } : old,
      );
      void client.invalidateQueries({ queryKey: sensorKeys.one(sensor.id) });
      void client.invalidateQueries({ queryKey: sensorKeys.list });
      if (change.kind === "move") void client.invalidateQueries({ queryKey: sensorKeys.groups });
    },
  });
}
