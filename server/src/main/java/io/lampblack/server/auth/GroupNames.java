package io.lampblack.server.auth;

import java.util.Optional;

/** The sensor groups teams refer to: their names, from the sensor registry. */
@FunctionalInterface
public interface GroupNames {

    /** The group's name; empty when there is no such group. */
    Optional<String> name(int groupId);
}
