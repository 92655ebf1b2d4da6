package io.lampblack.server.it.support;

import io.lampblack.server.auth.Authorizer;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.auth.GroupRole;
import io.lampblack.server.auth.User;
import java.util.Map;

/**
 * Stands in for teams until they exist: every API call is made by the test's user with the roles set last, or as the
 * global administrator the server created. The token stays the admin's; only what the router and the handlers
 * believe of the caller changes.
 */
public final class RoleSwitch implements Authorizer {

    private volatile Map<Integer, GroupRole> roles;

    /** The next calls are the administrator's (every group). */
    public void globalAdmin() {
        roles = null;
    }

    /** The next calls are a user's who is not a global administrator and has these roles (absent: No Access). */
    public void roles(Map<Integer, GroupRole> groupRoles) {
        roles = Map.copyOf(groupRoles);
    }

    @Override
    public Caller callerOf(User user) {
        Map<Integer, GroupRole> r = roles;
        if (r == null) return Caller.of(user);
        return new Caller(new User("analyst", "", "", "", false), r);
    }
}
