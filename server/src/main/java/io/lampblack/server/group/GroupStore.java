package io.lampblack.server.group;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistence of sensor groups with all their settings, and of their enrolment token digests. */
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

    /** Sets (a digest) or removes (null) a group's enrolment token; false when the group does not exist. */
    boolean enrolmentDigest(int groupId, String sha256OrNull);

    /** Group id → enrolment token digest, for the groups that have one. */
    Map<Integer, String> enrolmentDigests();
}
