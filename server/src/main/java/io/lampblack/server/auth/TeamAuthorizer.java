package io.lampblack.server.auth;

import java.util.Optional;

/**
 * The {@link Authorizer} from teams: a user's role in each sensor group is the strongest any of their teams gives
 * (global administrators: every group). Resolved once per user and cached; any change to users or teams drops the
 * cache at once.
 */
public final class TeamAuthorizer implements Authorizer {

    private final UserStore users;
    private final Generations<String, Caller> cache = new Generations<>(100_000);

    public TeamAuthorizer(UserStore users) {
        this.users = users;
    }

    @Override
    public Caller callerOf(User user) {
        if (user.globalAdmin()) return Caller.of(user);
        return cache.get(user.username(), u -> Optional.of(new Caller(user, users.groupRoles(u))))
                .filter(c -> c.user().equals(user)) // a cached caller of the user as they were is not reused
                .orElseGet(() -> new Caller(user, users.groupRoles(user.username())));
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }
}
