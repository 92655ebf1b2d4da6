package io.lampblack.server.auth;

import java.util.List;

/**
 * A user as administrators manage it: the {@link User}, the number {@code /api/auth} reports, the teams they belong
 * to, and whether they can log in with a password.
 */
public record Account(User user, int userId, List<TeamRef> teams, boolean hasPassword) {

    public Account {
        teams = List.copyOf(teams);
    }

    /** A team as a user document names it. */
    public record TeamRef(int id, String name) {}
}
