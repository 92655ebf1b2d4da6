package io.lampblack.server.auth;

import java.util.Optional;
import java.util.SortedMap;

/** The sensor groups teams refer to: their names, from the sensor registry. */
public interface GroupNames {

    /** The group's name; empty when there is no such group. */
    Optional<String> name(int groupId);

    /** Every group's name by id (what a global administrator's console session lists). */
    SortedMap<Integer, String> all();
}
