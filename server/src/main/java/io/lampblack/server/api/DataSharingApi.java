package io.lampblack.server.api;

import io.lampblack.server.api.wire.DataSharingDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.group.DataSharing;
import io.lampblack.server.group.SiteStore;
import java.util.Optional;

/**
 * A group's data-sharing settings (reference §4.5): which third party may receive what from the group's sensors.
 * Stored and reported for the scripts that check them ({@code check_datasharing.py}); this server sends nothing to
 * anyone whatever they say. Reading follows the group's visibility; changing them is configuration.
 */
public final class DataSharingApi {

    private static final String BASE = "/api/v1/group/{id}/datasharing";

    private final SiteStore store;
    private final GroupApi groups;

    public DataSharingApi(SiteStore store, GroupApi groups) {
        this.store = store;
        this.groups = groups;
    }

    public void register(Router r) {
        Router.Access read = Router.Access.groupRead(groups::existing);
        r.route(
                "GET",
                BASE,
                read,
                ex -> ex.json(
                        200,
                        store.sharing(groups.group(ex).id()).stream()
                                .map(DataSharingDocument::of)
                                .toList()));
        r.route("GET", BASE + "/{cfg}", read, ex -> ex.json(200, DataSharingDocument.of(config(ex))));
        r.route("POST", BASE, Router.Access.GLOBAL_ADMIN, ex -> {
            int group = groups.group(ex).id();
            BodyFields b = new BodyFields(ex.jsonBody(16 * 1024), "invalid_datasharing");
            if (b.integer("group_id", group) != group) {
                throw ApiException.badRequest("invalid_datasharing", "group_id is not the group of the path");
            }
            DataSharing created = store.createSharing(new DataSharing(0, group, b.text("who", ""), b.text("what", "")));
            ex.json(200, DataSharingDocument.of(created));
        });
        r.route("DELETE", BASE, Router.Access.GLOBAL_ADMIN, ex -> {
            store.deleteSharing(groups.group(ex).id(), Optional.empty());
            ex.json(200, Result.SUCCESS);
        });
        r.route("DELETE", BASE + "/{cfg}", Router.Access.GLOBAL_ADMIN, ex -> {
            DataSharing c = config(ex);
            store.deleteSharing(c.groupId(), Optional.of(c.id()));
            ex.json(200, Result.SUCCESS);
        });
    }

    private DataSharing config(Exchange ex) {
        int group = groups.group(ex).id();
        return Numbers.parseInt(ex.pathParam("cfg")).stream()
                .boxed()
                .findFirst()
                .flatMap(id ->
                        store.sharing(group).stream().filter(c -> c.id() == id).findFirst())
                .orElseThrow(() -> ApiException.notFound("data-sharing setting " + ex.pathParam("cfg")));
    }
}
