package io.lampblack.server.group;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistence of sensor groups with all their settings, and of their enrolment tokens (digest and sealed form). */
public interface GroupStore {

    List<GroupConfig> all();

    Optional<GroupConfig> find(int id);

    /** Adds the group under a new id; names are unique (the caller checks, the schema insists). */
    GroupConfig create(GroupConfig group);

    /** @return false when the group does not exist */
    boolean update(GroupConfig group);

    enum Deleted {
        DELETED,
        NOT_FOUND,
        HAS_SENSORS
    }

    /** Deletes the group unless sensors are in it, in one statement (a sensor registering meanwhile wins). */
    Deleted delete(int id);

    /**
     * Sets (its digest and its sealed form) or removes (both null) a group's enrolment token; false when the group
     * does not exist.
     */
    boolean enrolmentToken(int groupId, String sha256OrNull, String sealedOrNull);

    /** The group's enrolment token in its sealed form; empty when it has none, or one older than the sealed form. */
    Optional<String> sealedEnrolmentToken(int groupId);

    /** Group id → enrolment token digest, for the groups that have one. */
    Map<Integer, String> enrolmentDigests();
}
