package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.auth.ConsoleSessions;
import io.lampblack.server.auth.GroupRole;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The web console's session (Lampblack's own; {@code POST /api/console/login} and {@code GET /api/console/session}):
 * who is logged in, the CSRF token to send as {@code X-CSRF-Token} with every change, when the session ends at the
 * latest and after how long without a request, and the caller's role in every group they may see, by which the
 * console leaves out what the role may not do (the server refuses it anyway).
 *
 * @param expires     ISO-8601 instant the session ends whatever happens
 * @param idleSeconds the session ends after this many seconds without a request
 * @param groupRoles  every group the caller may see (all of them for a global administrator), by id
 */
public record ConsoleSessionDocument(
        @JsonProperty("username") String username,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        @JsonProperty("email") String email,
        @JsonProperty("global_admin") boolean globalAdmin,
        @JsonProperty("csrf_token") String csrfToken,
        @JsonProperty("expires") String expires,
        @JsonProperty("idle_seconds") long idleSeconds,
        @JsonProperty("group_roles") List<GroupRoleEntry> groupRoles) {

    /** @param role "Administrator" or "Viewer" (Carbon Black's {@code access_category} words) */
    public record GroupRoleEntry(
            @JsonProperty("group_id") int groupId,
            @JsonProperty("group_name") String groupName,
            @JsonProperty("role") String role) {}

    /**
     * @param groups every sensor group's name by id; a group the caller has a role in but that is gone is left out
     */
    public static ConsoleSessionDocument of(
            Caller caller, ConsoleSessions.Session session, long idleSeconds, SortedMap<Integer, String> groups) {
        List<GroupRoleEntry> roles = new ArrayList<>();
        groups.forEach((id, name) -> {
            GroupRole role = caller.roleIn(id);
            if (role != GroupRole.NO_ACCESS) roles.add(new GroupRoleEntry(id, name, role.category()));
        });
        return new ConsoleSessionDocument(
                caller.username(),
                caller.user().firstName(),
                caller.user().lastName(),
                caller.user().email(),
                caller.globalAdmin(),
                session.csrfToken(),
                session.expires().truncatedTo(ChronoUnit.SECONDS).toString(),
                idleSeconds,
                List.copyOf(roles));
    }
}
