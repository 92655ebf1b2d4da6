package io.lampblack.server.group;

import io.lampblack.protocol.EventKind;
import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.problem.Problem;
import io.lampblack.server.sensor.SensorRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * The sensor groups and their settings: created, changed and deleted by administrators, read at every check-in and,
 * for the collected event kinds, for every event. Settings are cached per group (read from the store on a miss, so
 * groups added behind this class's back are seen too) and the cache entry is replaced on every change.
 */
public final class SensorGroups {

    private static final SecureRandom RANDOM = new SecureRandom();

    private record Cached(GroupConfig config, Set<EventKind> collected, boolean everything) {
        Cached(GroupConfig config, Set<EventKind> collected) {
            this(config, collected, collected.size() == EventKind.values().length);
        }
    }

    private final GroupStore store;
    private final SiteStore sites;
    private final IntConsumer changed;
    private final EnrolmentTokenSeal seal;
    private final Map<Integer, Cached> cache = new ConcurrentHashMap<>();
    private volatile Map<Integer, String> enrolmentDigests;

    /**
     * @param changed told the id of every group changed or deleted (the sensor registry caches names)
     * @param seal    keeps enrolment tokens recoverable for installers
     */
    public SensorGroups(GroupStore store, SiteStore sites, IntConsumer changed, EnrolmentTokenSeal seal) {
        this.store = store;
        this.sites = sites;
        this.changed = changed;
        this.seal = seal;
        this.enrolmentDigests = Map.copyOf(store.enrolmentDigests());
    }

    public List<GroupConfig> all() {
        return store.all();
    }

    public Optional<GroupConfig> find(int id) {
        return cached(id).map(Cached::config);
    }

    /** @throws Problem 409 for a name in use, 400 for an unknown site */
    public synchronized GroupConfig create(GroupConfig draft) {
        checkName(draft.name(), 0);
        checkSite(draft.siteId());
        GroupConfig g = store.create(draft);
        remember(g);
        return g;
    }

    /** @throws Problem 404 for an unknown group, 409 for a name in use, 400 for an unknown site */
    public synchronized GroupConfig update(GroupConfig g) {
        GroupConfig old = find(g.id()).orElseThrow(() -> GroupProblem.notFound("sensor group " + g.id()));
        checkName(g.name(), g.id());
        checkSite(g.siteId());
        GroupConfig next = new GroupConfig(
                g.id(),
                g.name(),
                g.siteId(),
                g.sensorbackendServer(),
                g.alertCriticality(),
                g.banningEnabled(),
                g.collect(),
                g.checkinIntervalSeconds(),
                g.isolationExclusions(),
                g.otherFieldsJson(),
                old.enrolmentToken());
        if (!store.update(next)) throw GroupProblem.notFound("sensor group " + g.id());
        remember(next);
        changed.accept(next.id());
        return next;
    }

    /**
     * Deletes a group without sensors.
     *
     * @throws Problem 404 for an unknown group, 409 ({@code group_has_sensors}) while sensors are in it: they would
     *     be left without a group, and moving them elsewhere is a decision for the administrator
     */
    public synchronized void delete(int id) {
        switch (store.delete(id)) {
            case NOT_FOUND -> throw GroupProblem.notFound("sensor group " + id);
            case HAS_SENSORS ->
                throw new GroupProblem(
                        Problem.Kind.CONFLICT,
                        "group_has_sensors",
                        "sensor group " + id + " still has sensors; move them to another group first");
            case DELETED -> {}
        }
        cache.remove(id);
        enrolmentDigests = Map.copyOf(store.enrolmentDigests());
        changed.accept(id);
    }

    /**
     * Gives the group a new enrolment token (replacing any it had: the old one stops working at once). Registration
     * looks it up by its digest; it is also kept sealed, for the group's installer to carry.
     */
    public synchronized String newEnrolmentToken(int groupId) {
        byte[] raw = new byte[20];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        setEnrolmentToken(groupId, SensorRegistry.sha256(token), seal.seal(groupId, token));
        return token;
    }

    /** Removes the group's enrolment token; sensors registered with it keep their own credentials. */
    public synchronized void revokeEnrolmentToken(int groupId) {
        setEnrolmentToken(groupId, null, null);
    }

    /**
     * The group's current enrolment token, for its installer; empty when it has none, or has one from before tokens
     * were kept sealed (only its digest is known: a new one must be made).
     */
    public Optional<String> enrolmentToken(int groupId) {
        return store.sealedEnrolmentToken(groupId).flatMap(s -> seal.open(groupId, s));
    }

    private void setEnrolmentToken(int groupId, String digest, String sealed) {
        if (!store.enrolmentToken(groupId, digest, sealed)) throw GroupProblem.notFound("sensor group " + groupId);
        enrolmentDigests = Map.copyOf(store.enrolmentDigests());
        cache.remove(groupId);
    }

    /**
     * The group whose enrolment token {@code token} is. Every group's digest is compared, in constant time each, so
     * the answer's timing tells nothing about how close a guess came.
     */
    public Optional<Integer> enrolledGroup(String token) {
        if (token == null || token.isEmpty()) return Optional.empty();
        byte[] given = SensorRegistry.sha256(token).getBytes(StandardCharsets.US_ASCII);
        Integer found = null;
        for (Map.Entry<Integer, String> e : enrolmentDigests.entrySet()) {
            if (MessageDigest.isEqual(given, e.getValue().getBytes(StandardCharsets.US_ASCII))) found = e.getKey();
        }
        return Optional.ofNullable(found);
    }

    /** Whether the group's sensors collect {@code kind}; an unknown group collects everything. */
    public boolean collects(int groupId, EventKind kind) {
        return cached(groupId).map(c -> c.collected().contains(kind)).orElse(true);
    }

    /** Whether the group's sensors collect every kind; an unknown group collects everything. */
    public boolean collectsEverything(int groupId) {
        return cached(groupId).map(Cached::everything).orElse(true);
    }

    private Optional<Cached> cached(int id) {
        Cached c = cache.get(id);
        if (c != null) return Optional.of(c);
        return store.find(id).map(this::remember);
    }

    private Cached remember(GroupConfig g) {
        Cached c = new Cached(g, CollectFlag.collectedKinds(g.collect()));
        cache.put(g.id(), c);
        return c;
    }

    private void checkName(String name, int exceptId) {
        if (store.all().stream().anyMatch(g -> g.id() != exceptId && g.name().equalsIgnoreCase(name))) {
            throw GroupProblem.duplicate("sensor group '" + name + "'");
        }
    }

    private void checkSite(int siteId) {
        if (sites.site(siteId).isEmpty())
            throw new InvalidInput("invalid_group", "site_id " + siteId + " does not exist");
    }
}
