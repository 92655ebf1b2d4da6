package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.AuthDocument;
import io.lampblack.server.api.wire.UserActivityDocument;
import io.lampblack.server.auth.Account;
import io.lampblack.server.auth.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Username and password to API token (reference §4.1): {@code GET /api/auth} with HTTP Basic credentials, and
 * {@code POST /api/auth/retrieve-token}. Both need no token; the password is checked, throttled and every attempt
 * audited by {@link PasswordLogins} (the console's login, {@link ConsoleLoginApi}, shares it). Also
 * {@code GET /api/useractivity}, the audit log read newest first.
 */
public final class LoginApi {

    private static final long MAX_BODY = 16 * 1024;
    private static final int DEFAULT_ACTIVITY = 1_000;
    private static final int MAX_ACTIVITY = 10_000;

    private final PasswordLogins logins;
    private final AuditTrail audit;

    public LoginApi(PasswordLogins logins, AuditTrail audit) {
        this.logins = logins;
        this.audit = audit;
    }

    private record Credentials(String username, String password) {}

    public void register(Router r) {
        r.route("GET", "/api/auth", Router.Access.PUBLIC, ex -> {
            Optional<Credentials> c = basic(ex);
            PasswordLogins.Attempt attempt =
                    logins.attempt(ex, c.map(Credentials::username).orElse("-"), "login");
            if (c.isEmpty())
                throw PasswordLogins.unauthorized("HTTP Basic credentials (username:password) are required");
            Account account = attempt.check(c.get().username(), c.get().password());
            ex.json(200, AuthDocument.of(account, attempt.token(account)));
        });
        r.route("POST", "/api/auth/retrieve-token", Router.Access.PUBLIC, ex -> {
            JsonNode b = JsonFields.object(ex.jsonBody(MAX_BODY));
            String username = JsonFields.text(b, "username", "");
            PasswordLogins.Attempt attempt = logins.attempt(ex, username.isEmpty() ? "-" : username, "login");
            if (username.isEmpty()) throw JsonFields.invalid("username", "is required");
            Account account = attempt.check(username, JsonFields.text(b, "password", ""));
            ex.json(200, new AuthDocument.TokenOnly(attempt.token(account)));
        });
        r.route("GET", "/api/useractivity", Router.Access.GLOBAL_ADMIN, ex -> {
            int limit = Math.min(MAX_ACTIVITY, Math.max(1, ex.intParam("limit", DEFAULT_ACTIVITY)));
            ex.json(
                    200,
                    audit.recent(limit).stream().map(UserActivityDocument::of).toList());
        });
    }

    private static Optional<Credentials> basic(Exchange ex) {
        Optional<String> h = ex.header("Authorization").filter(v -> v.regionMatches(true, 0, "Basic ", 0, 6));
        if (h.isEmpty()) {
            ex.responseHeader("WWW-Authenticate", "Basic realm=\"lampblack\", charset=\"UTF-8\"");
            return Optional.empty();
        }
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(h.get().substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) return Optional.empty();
            return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
