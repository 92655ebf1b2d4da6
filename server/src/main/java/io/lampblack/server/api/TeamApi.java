package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.api.wire.TeamDocument;
import io.lampblack.server.auth.GroupRole;
import io.lampblack.server.auth.Team;
import io.lampblack.server.auth.Teams;
import java.util.ArrayList;
import java.util.List;

/** Teams and their role per sensor group (reference §4.7): configuration, so global administrators only. */
public final class TeamApi {

    private static final long MAX_BODY = 256 * 1024;

    private final Teams teams;

    public TeamApi(Teams teams) {
        this.teams = teams;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/api/teams",
                Router.Access.GLOBAL_ADMIN,
                ex -> ex.json(200, teams.list().stream().map(this::document).toList()));
        // Carbon Black answers the created team whole, id included (reference §4.7): cbapi keeps it as its copy.
        r.route("POST", "/api/team", Router.Access.GLOBAL_ADMIN, ex -> {
            JsonNode b = JsonFields.object(ex.jsonBody(MAX_BODY));
            ex.json(200, document(teams.create(name(b), access(b))));
        });
        r.route("GET", "/api/team/{id}", Router.Access.GLOBAL_ADMIN, ex -> ex.json(200, document(team(ex))));
        r.route("PUT", "/api/team/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            Team old = team(ex);
            JsonNode b = JsonFields.object(ex.jsonBody(MAX_BODY));
            String name = b.has("name") ? name(b) : old.name();
            List<Team.GroupAccess> access = b.has("group_access") ? access(b) : old.access();
            if (!teams.update(new Team(old.id(), name, access))) throw ApiException.notFound("team " + old.id());
            ex.json(200, document(teams.get(old.id()).orElseThrow()));
        });
        r.route("DELETE", "/api/team/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            if (!teams.delete(id(ex))) throw ApiException.notFound("team " + ex.pathParam("id"));
            ex.json(200, Result.SUCCESS);
        });
    }

    private TeamDocument document(Team t) {
        return TeamDocument.of(t, teams::groupName);
    }

    private Team team(Exchange ex) {
        return teams.get(id(ex)).orElseThrow(() -> ApiException.notFound("team " + ex.pathParam("id")));
    }

    private static int id(Exchange ex) {
        String id = ex.pathParam("id");
        if (!id.matches("\\d{1,9}")) throw ApiException.notFound("team " + id);
        return Integer.parseInt(id);
    }

    private static String name(JsonNode b) {
        String name = JsonFields.text(b, "name", "");
        if (name.isBlank()) throw JsonFields.invalid("name", "is required");
        return name;
    }

    /** {@code group_access}: each entry's group and {@code access_category} (Administrator, Viewer, No Access). */
    private static List<Team.GroupAccess> access(JsonNode b) {
        JsonNode list = b.get("group_access");
        if (list == null || list.isNull()) return List.of();
        if (!list.isArray()) throw JsonFields.invalid("group_access", "must be a list");
        List<Team.GroupAccess> out = new ArrayList<>();
        for (JsonNode e : list) {
            if (!e.isObject()) throw JsonFields.invalid("group_access", "entries must be objects");
            int group = JsonFields.id(e.get("group_id"), "group_access");
            String category = JsonFields.text(e, "access_category", null);
            GroupRole role = GroupRole.ofCategory(category)
                    .orElseThrow(() -> JsonFields.invalid(
                            "access_category",
                            "must be \"Administrator\", \"Viewer\" or \"No Access\", not " + category));
            out.add(new Team.GroupAccess(group, role));
        }
        return out;
    }
}
