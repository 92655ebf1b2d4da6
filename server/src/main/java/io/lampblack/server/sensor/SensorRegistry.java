package io.lampblack.server.sensor;

import io.lampblack.server.problem.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Registration, authentication and lookup of sensors. Sensors and groups are cached in memory because every
 * upload needs the sensor's hostname, group and OS to stamp on its segments.
 */
public final class SensorRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The site every installation starts with (schema V1). */
    private static final int DEFAULT_SITE = 1;

    private final SensorStore store;
    private final Clock clock;
    private final Map<Integer, Sensor> sensors = new ConcurrentHashMap<>();
    private final Map<Integer, SensorGroup> groups = new ConcurrentHashMap<>();

    public SensorRegistry(SensorStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.all().forEach(s -> sensors.put(s.id(), s));
        store.groups().forEach(g -> groups.put(g.id(), g));
    }

    /** The new sensor and the secret it must present from now on (only its digest is stored). */
    public record Registration(Sensor sensor, String secret) {}

    /** @throws InvalidInput ({@code invalid_registration}) for a group that does not exist */
    public Registration register(HostFacts facts) {
        if (group(facts.groupId()).isEmpty()) {
            throw new InvalidInput("invalid_registration", "unknown group_id " + facts.groupId());
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = HexFormat.of().formatHex(raw);
        Sensor s = store.register(facts, sha256(secret), clock.instant());
        sensors.put(s.id(), s);
        return new Registration(s, secret);
    }

    /** The sensor whose id and secret match, if any; constant-time comparison of the digests. */
    public Optional<Sensor> authenticate(int sensorId, String secret) {
        Sensor s = sensors.get(sensorId);
        if (s == null || secret == null) return Optional.empty();
        boolean ok = MessageDigest.isEqual(
                s.secretSha256().getBytes(StandardCharsets.US_ASCII),
                sha256(secret).getBytes(StandardCharsets.US_ASCII));
        return ok ? Optional.of(s) : Optional.empty();
    }

    public Optional<Sensor> sensor(int id) {
        return Optional.ofNullable(sensors.get(id));
    }

    public List<Sensor> sensors() {
        return List.copyOf(sensors.values());
    }

    /** The ids of the sensors now in these groups (what a caller who sees only these groups may see data of). */
    public Set<Integer> sensorIdsIn(Set<Integer> groupIds) {
        Set<Integer> ids = new HashSet<>();
        for (Sensor s : sensors.values()) {
            if (groupIds.contains(s.groupId())) ids.add(s.id());
        }
        return ids;
    }

    public Optional<SensorGroup> group(int id) {
        SensorGroup g = groups.get(id);
        if (g == null) {
            Optional<SensorGroup> loaded = store.group(id);
            loaded.ifPresent(x -> groups.put(x.id(), x));
            return loaded;
        }
        return Optional.of(g);
    }

    /**
     * Creates a sensor group in the default site. Minimal for now (name only, Carbon Black's defaults for the rest):
     * what sensors need to register into a group other than "Default Group".
     *
     * @throws IllegalArgumentException when the name is blank or already taken
     */
    public synchronized SensorGroup createGroup(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a sensor group needs a name");
        if (store.groups().stream().anyMatch(g -> g.name().equals(name))) {
            throw new IllegalArgumentException("sensor group '" + name + "' exists already");
        }
        SensorGroup g = store.createGroup(name, DEFAULT_SITE);
        groups.put(g.id(), g);
        return g;
    }

    /** Drops a cached group after it changed or was deleted elsewhere: the next lookup reads it again. */
    public void forgetGroup(int groupId) {
        groups.remove(groupId);
    }

    public String groupName(int groupId) {
        return group(groupId).map(SensorGroup::name).orElse("");
    }

    /**
     * Replaces the sensor's in-memory state atomically (check-ins and administrators' changes race); the caller has
     * written what must be durable.
     */
    void update(int sensorId, UnaryOperator<Sensor> change) {
        sensors.computeIfPresent(sensorId, (id, s) -> change.apply(s));
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
