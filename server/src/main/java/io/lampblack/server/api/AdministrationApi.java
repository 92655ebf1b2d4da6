package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.administration.Licensing;
import io.lampblack.server.administration.PlatformServer;
import io.lampblack.server.administration.ServerNode;
import io.lampblack.server.api.wire.LicenseApplied;
import io.lampblack.server.api.wire.LicenseDocument;
import io.lampblack.server.api.wire.LoginCaps;
import io.lampblack.server.api.wire.PlatformServerDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.api.wire.ServerDocument;
import io.lampblack.server.problem.InvalidInput;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Server-wide routes of reference §4.1: the license ({@code /api/license}, {@code /api/v1/license}), the cluster
 * listing ({@code /api/server}), the login page's capabilities ({@code /api/login-caps}, public) and the
 * platform-server settings. Reading the license is open to every user (cbapi's {@code license_request()} is not an
 * administrator's call); every change, and the platform-server settings, need a global administrator.
 */
public final class AdministrationApi {

    private static final long MAX_BODY = 128 * 1024;

    private final Licensing licensing;
    private final PlatformServer platformServer;
    private final ServerNode serverNode;
    private final IntSupplier sensorCount;

    public AdministrationApi(
            Licensing licensing, PlatformServer platformServer, ServerNode serverNode, IntSupplier sensorCount) {
        this.licensing = licensing;
        this.platformServer = platformServer;
        this.serverNode = serverNode;
        this.sensorCount = sensorCount;
    }

    public void register(Router r) {
        for (String path : List.of("/api/license", "/api/v1/license")) {
            r.route(
                    "GET",
                    path,
                    Router.Access.READ,
                    ex -> ex.json(200, LicenseDocument.of(licensing.status(sensorCount.getAsInt()))));
            r.route("POST", path, Router.Access.GLOBAL_ADMIN, ex -> {
                licensing.apply(text(object(ex), "license"));
                ex.json(200, LicenseApplied.SUCCESS);
            });
        }
        r.route(
                "GET",
                "/api/server",
                Router.Access.READ,
                ex -> ex.json(200, List.of(ServerDocument.of(serverNode.node(), InfoApi.CB_API_VERSION))));
        r.route("PUT", "/api/server/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            int id = Numbers.parseInt(ex.pathParam("id")).orElse(-1);
            JsonNode b = object(ex);
            if (serverNode.change(id, text(b, "hostname"), text(b, "address")).isEmpty()) {
                throw ApiException.notFound("server " + ex.pathParam("id"));
            }
            ex.send(200, "application/json; charset=utf-8", new byte[0]);
        });
        r.route("GET", "/api/login-caps", Router.Access.PUBLIC, ex -> ex.json(200, LoginCaps.NO_SSO));
        String platform = "/api/v1/settings/global/platformserver";
        r.route(
                "GET",
                platform,
                Router.Access.GLOBAL_ADMIN,
                ex -> ex.json(200, PlatformServerDocument.of(platformServer.current())));
        r.route("POST", platform, Router.Access.GLOBAL_ADMIN, ex -> {
            JsonNode b = object(ex);
            platformServer.change(new PlatformServer.Change(
                    text(b, "server_url"),
                    bool(b, "ssl_certificate_verify"),
                    bool(b, "watchlist_export"),
                    text(b, "auth_token")));
            ex.json(200, Result.SUCCESS);
        });
    }

    private static JsonNode object(Exchange ex) {
        JsonNode b = ex.jsonBody(MAX_BODY);
        if (!b.isObject()) throw new InvalidInput("invalid_input", "the body must be a JSON object");
        return b;
    }

    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new InvalidInput("invalid_input", "'" + field + "' must be text");
        return v.asText();
    }

    /** JSON booleans, and the texts "true"/"false" the console's forms send. */
    private static Boolean bool(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw new InvalidInput("invalid_input", "'" + field + "' must be true or false");
    }
}
