package io.lampblack.server.it.support;

import io.lampblack.server.auth.GroupRole;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.TestServer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whose token a test's calls carry: the global administrator the server created, or a real user made through the
 * API (users and teams routes) whose teams give exactly the roles asked for. One user per distinct set of roles,
 * made the first time it is asked for.
 */
public final class RoleSwitch {

    private final Map<Map<Integer, GroupRole>, String> tokens = new HashMap<>();
    private TestServer server;
    private String current;
    private int made;

    /** The server whose users are made; calls are the administrator's until {@link #roles} is called. */
    public void on(TestServer server) {
        this.server = server;
        this.current = server.token;
    }

    /** The next calls are the administrator's (every group). */
    public void globalAdmin() {
        current = server.token;
    }

    /** The next calls are a user's who is not a global administrator and has these roles (absent: No Access). */
    public void roles(Map<Integer, GroupRole> groupRoles) throws Exception {
        Map<Integer, GroupRole> key = new TreeMap<>(groupRoles);
        String token = tokens.get(key);
        if (token == null) {
            ApiCalls api = new ApiCalls(server);
            int n = ++made;
            Integer[] teams = new Integer[key.size()];
            int i = 0;
            for (Map.Entry<Integer, GroupRole> e : key.entrySet()) {
                teams[i++] = api.createTeam(
                        "scope-" + n + "-" + e.getKey(),
                        e.getKey(),
                        e.getValue().category());
            }
            token = api.createUser("scope-user-" + n, null, false, teams);
            tokens.put(key, token);
        }
        current = token;
    }

    /** The token the next calls carry. */
    public String token() {
        return current;
    }
}
