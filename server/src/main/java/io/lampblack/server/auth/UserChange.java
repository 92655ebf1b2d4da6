package io.lampblack.server.auth;

import java.util.List;
import java.util.Optional;

/**
 * What a create or update of a user sets, validated: the user's fields, their teams, and the new password's hash
 * (empty: unchanged on update, none on create).
 */
public record UserChange(User user, List<Integer> teamIds, Optional<String> passwordHash) {

    public UserChange {
        teamIds = List.copyOf(teamIds);
    }
}
