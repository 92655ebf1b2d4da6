package io.lampblack.server.group;

import java.util.Optional;

/**
 * Keeps a group's enrolment token so that the group's installer can carry it, without the database alone giving it
 * away (the key lives elsewhere). The group id binds a sealed token to its group: copied to another group's row, it
 * does not open.
 */
public interface EnrolmentTokenSeal {

    String seal(int groupId, String token);

    /** The token, or empty when {@code sealed} does not open for this group (another key, tampered, moved). */
    Optional<String> open(int groupId, String sealed);
}
