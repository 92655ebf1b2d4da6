package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.api.Router.Access.Level;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.auth.GroupRole;
import io.lampblack.server.auth.User;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The router's one access decision, level by level, for each kind of caller (AccessMatrixIT walks the real routes). */
class RouterAccessTest {

    private static final Caller GLOBAL = Caller.of(new User("root", "", "", "", true));
    private static final Caller ADMIN_OF_1 =
            new Caller(new User("a", "", "", "", false), Map.of(1, GroupRole.ADMINISTRATOR, 2, GroupRole.VIEWER));
    private static final Caller VIEWER_OF_1 = new Caller(new User("v", "", "", "", false), Map.of(1, GroupRole.VIEWER));
    private static final Caller NO_ACCESS =
            new Caller(new User("n", "", "", "", false), Map.of(1, GroupRole.NO_ACCESS));

    private static int answer(Level level, Caller caller, Optional<Integer> group) {
        return Router.refusal(level, caller, group, "/x")
                .map(ApiException::status)
                .orElse(200);
    }

    @Test
    void readLetsEveryUserThrough() {
        for (Caller c : new Caller[] {GLOBAL, ADMIN_OF_1, VIEWER_OF_1, NO_ACCESS})
            assertEquals(200, answer(Level.READ, c, Optional.empty()));
    }

    @Test
    void analystNeedsTheAdministratorRoleInSomeGroup() {
        assertEquals(200, answer(Level.ANALYST, GLOBAL, Optional.empty()));
        assertEquals(200, answer(Level.ANALYST, ADMIN_OF_1, Optional.empty()));
        assertEquals(403, answer(Level.ANALYST, VIEWER_OF_1, Optional.empty()));
        assertEquals(403, answer(Level.ANALYST, NO_ACCESS, Optional.empty()));
    }

    @Test
    void configurationNeedsAGlobalAdministrator() {
        assertEquals(200, answer(Level.GLOBAL_ADMIN, GLOBAL, Optional.empty()));
        assertEquals(403, answer(Level.GLOBAL_ADMIN, ADMIN_OF_1, Optional.empty()));
        assertEquals(403, answer(Level.GLOBAL_ADMIN, VIEWER_OF_1, Optional.empty()));
        assertEquals(403, answer(Level.GLOBAL_ADMIN, NO_ACCESS, Optional.empty()));
    }

    @Test
    void groupReadHidesObjectsOfInvisibleGroups() {
        assertEquals(200, answer(Level.GROUP_READ, GLOBAL, Optional.of(1)));
        assertEquals(200, answer(Level.GROUP_READ, ADMIN_OF_1, Optional.of(1)));
        assertEquals(200, answer(Level.GROUP_READ, VIEWER_OF_1, Optional.of(1)));
        assertEquals(404, answer(Level.GROUP_READ, NO_ACCESS, Optional.of(1)));
        assertEquals(404, answer(Level.GROUP_READ, VIEWER_OF_1, Optional.of(3)), "a group without a role is No Access");
        assertEquals(200, answer(Level.GROUP_READ, NO_ACCESS, Optional.empty()), "unknown object: the handler's 404");
    }

    @Test
    void groupAdminNeedsTheAdministratorRoleInThatGroup() {
        assertEquals(200, answer(Level.GROUP_ADMIN, GLOBAL, Optional.of(7)));
        assertEquals(200, answer(Level.GROUP_ADMIN, ADMIN_OF_1, Optional.of(1)));
        assertEquals(403, answer(Level.GROUP_ADMIN, ADMIN_OF_1, Optional.of(2)), "Viewer there");
        assertEquals(403, answer(Level.GROUP_ADMIN, VIEWER_OF_1, Optional.of(1)));
        assertEquals(404, answer(Level.GROUP_ADMIN, NO_ACCESS, Optional.of(1)));
        assertEquals(404, answer(Level.GROUP_ADMIN, ADMIN_OF_1, Optional.of(3)));
    }

    @Test
    void publicAndSensorRoutesAreNotDecidedHere() {
        assertThrows(IllegalStateException.class, () -> Router.refusal(Level.PUBLIC, GLOBAL, Optional.empty(), "/x"));
        assertThrows(IllegalStateException.class, () -> Router.refusal(Level.SENSOR, GLOBAL, Optional.empty(), "/x"));
    }

    @Test
    void theRouterListsItsRoutesWithTheirLevels() {
        Router r = new Router(null, null, null, null, null);
        r.route("GET", "/api/a/{id}", Router.Access.READ, ex -> {});
        r.route("POST", "/api/b", Router.Access.GLOBAL_ADMIN, ex -> {});
        assertEquals(2, r.routes().size());
        assertEquals(
                new Router.RouteInfo("GET", "/api/a/{id}", Router.Access.READ),
                r.routes().getFirst());
        assertTrue(r.routes().get(1).access().level() == Level.GLOBAL_ADMIN);
    }
}
