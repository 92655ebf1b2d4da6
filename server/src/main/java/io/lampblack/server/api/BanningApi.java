package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.BanDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.auth.User;
import io.lampblack.server.ban.Bans;
import io.lampblack.server.json.Json;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/banning/blacklist} (reference rest_api.md §4.12, §5.12), as cbapi's {@code BannedHash} uses it: list,
 * ban (409 when already banned), get (404 when not banned), change, and unban ({@code DELETE}, which keeps the ban's
 * history); PUT and DELETE answer the ban as it now is. The whitelist and restrictions routes answer empty.
 */
public final class BanningApi {

    private static final long MAX_BODY = 64 * 1024;

    private final Bans bans;

    public BanningApi(Bans bans) {
        this.bans = bans;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/api/v1/banning/blacklist",
                Router.Access.READ,
                ex -> ex.json(
                        200,
                        bans.all(Math.max(1, ex.intParam("count", 10_000))).stream()
                                .map(BanDocument::of)
                                .toList()));
        r.route("POST", "/api/v1/banning/blacklist", Router.Access.GLOBAL_ADMIN, this::ban);
        r.route("GET", "/api/v1/banning/blacklist/{md5}", Router.Access.READ, ex -> {
            String md5 = Bans.md5(ex.pathParam("md5"));
            ex.json(
                    200,
                    BanDocument.of(bans.banned(md5).orElseThrow(() -> ApiException.notFound(md5 + " is not banned"))));
        });
        r.route("PUT", "/api/v1/banning/blacklist/{md5}", Router.Access.GLOBAL_ADMIN, ex -> {
            String md5 = Bans.md5(ex.pathParam("md5"));
            JsonNode b = ex.jsonBody(MAX_BODY);
            String text = b.hasNonNull("text") ? b.get("text").asText() : null;
            if (!bans.update(md5, text, b.path("enabled").asBoolean(true), user(ex))) {
                throw ApiException.notFound(md5 + " was never banned");
            }
            ex.json(200, current(md5));
        });
        r.route("DELETE", "/api/v1/banning/blacklist/{md5}", Router.Access.GLOBAL_ADMIN, ex -> {
            String md5 = Bans.md5(ex.pathParam("md5"));
            JsonNode b = ex.declaredLength() > 0 ? ex.jsonBody(MAX_BODY) : Json.MAPPER.createObjectNode();
            String text = b.hasNonNull("text") ? b.get("text").asText() : null;
            if (bans.banned(md5).isEmpty() || !bans.update(md5, text, false, user(ex))) {
                throw ApiException.notFound(md5 + " is not banned");
            }
            ex.json(200, current(md5));
        });
        r.route(
                "GET",
                "/api/v1/banning/whitelist",
                Router.Access.READ,
                ex -> ex.json(200, Map.of("whitelist", List.of())));
        r.route(
                "GET",
                "/api/v1/banning/restrictions",
                Router.Access.READ,
                ex -> ex.json(200, Map.of("patterns", List.of())));
    }

    private void ban(Exchange ex) throws Bans.AlreadyBannedException {
        JsonNode b = ex.jsonBody(MAX_BODY);
        String md5 = Bans.md5(b.path("md5hash").asText(""));
        String text = b.path("text").asText("");
        if (b.path("enabled").asBoolean(true)) bans.ban(md5, text, user(ex));
        else if (!bans.update(md5, text, false, user(ex))) throw ApiException.notFound(md5 + " was never banned");
        ex.json(200, Result.SUCCESS);
    }

    /**
     * The ban as it now is: the answer to PUT and DELETE. cbapi re-reads an object after a {@code {"result":
     * "success"}} answer, and an unbanned hash is a 404 (what {@code binary.banned} relies on), so unbanning through
     * {@code BannedHash.save()} would fail; given the object, cbapi takes it as is.
     */
    private BanDocument current(String md5) {
        return BanDocument.of(bans.find(md5).orElseThrow());
    }

    private static String user(Exchange ex) {
        return ex.user().map(User::username).orElse("");
    }
}
