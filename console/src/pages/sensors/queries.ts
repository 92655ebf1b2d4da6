// The sensors pages' data: TanStack Query keys and hooks over src/api/sensors.ts. After this page asked for an
// isolation or its release, the sensor is polled every 2 s for a few minutes while the sensor has not confirmed it;
// otherwise the pages refresh slowly, to keep check-in ages current (see api/sensorPolling.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { applyRequested, sensorsApi, type Sensor, type SensorChange, type SensorSearch } from "../../api/sensors";
import { noteSensorChange, sensorPollInterval } from "../../api/sensorPolling";

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
    refetchInterval: (q) => sensorPollInterval(q.state.data?.results ?? []),
  });
}

export function useSensor(id: number) {
  return useQuery({
    queryKey: sensorKeys.one(id),
    queryFn: ({ signal }) => sensorsApi.get(id, signal),
    enabled: Number.isInteger(id) && id > 0,
    refetchInterval: (q) => sensorPollInterval(q.state.data ? [q.state.data] : []),
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
      noteSensorChange(sensor.id);
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
