package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.AuthDocument;
import io.lampblack.server.api.wire.UserActivityDocument;
import io.lampblack.server.auth.AccessProblem;
import io.lampblack.server.auth.Accounts;
import io.lampblack.server.auth.AuditLog;
import io.lampblack.server.auth.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Username and password to API token (reference §4.1): {@code GET /api/auth} with HTTP Basic credentials, and
 * {@code POST /api/auth/retrieve-token}. Both need no token; failures are throttled (429 with Retry-After, see
 * {@link io.lampblack.server.auth.LoginThrottle}) and every attempt, whatever its outcome, is audited with the
 * username tried. Also {@code GET /api/useractivity}, the audit log read newest first.
 */
public final class LoginApi {

    private static final long MAX_BODY = 16 * 1024;
    private static final int DEFAULT_ACTIVITY = 1_000;
    private static final int MAX_ACTIVITY = 10_000;

    private final Accounts accounts;
    private final AuditTrail audit;
    private final Clock clock;

    public LoginApi(Accounts accounts, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    private record Credentials(String username, String password) {}

    public void register(Router r) {
        r.route("GET", "/api/auth", Router.Access.PUBLIC, ex -> {
            Optional<Credentials> c = basic(ex);
            AtomicReference<String> refusal =
                    audited(ex, c.map(Credentials::username).orElse("-"));
            if (c.isEmpty()) throw challenge("HTTP Basic credentials (username:password) are required");
            Accounts.Login login = login(ex, c.get(), refusal);
            ex.json(200, AuthDocument.of(login.account(), login.token()));
        });
        r.route("POST", "/api/auth/retrieve-token", Router.Access.PUBLIC, ex -> {
            JsonNode b = JsonFields.object(ex.jsonBody(MAX_BODY));
            String username = JsonFields.text(b, "username", "");
            AtomicReference<String> refusal = audited(ex, username.isEmpty() ? "-" : username);
            if (username.isEmpty()) throw JsonFields.invalid("username", "is required");
            Accounts.Login login = login(ex, new Credentials(username, JsonFields.text(b, "password", "")), refusal);
            ex.json(200, new AuthDocument.TokenOnly(login.token()));
        });
        r.route("GET", "/api/useractivity", Router.Access.GLOBAL_ADMIN, ex -> {
            int limit = Math.min(MAX_ACTIVITY, Math.max(1, ex.intParam("limit", DEFAULT_ACTIVITY)));
            ex.json(
                    200,
                    audit.recent(limit).stream().map(UserActivityDocument::of).toList());
        });
    }

    private Accounts.Login login(Exchange ex, Credentials c, AtomicReference<String> refusal) {
        try {
            return accounts.login(c.username(), c.password(), ex.remoteAddress())
                    .orElseThrow(() -> challenge("wrong username or password"));
        } catch (AccessProblem p) {
            if ("login_busy".equals(p.reason())) refusal.set("login refused: server busy");
            throw p;
        }
    }

    /**
     * Records the attempt once it is answered, whatever the answer (401, 429, 200); the answered reference may name a
     * refusal other than the usual ones.
     */
    private AtomicReference<String> audited(Exchange ex, String username) {
        AtomicReference<String> refusal = new AtomicReference<>();
        ex.beforeAnswer(status -> audit.record(new AuditLog.Entry(
                clock.instant(),
                username,
                ex.method(),
                ex.path(),
                status,
                ex.remoteAddress(),
                refusal.get() != null
                        ? refusal.get()
                        : status == 200
                                ? "login succeeded"
                                : status == 429 ? "login refused: too many failures" : "login failed")));
        return refusal;
    }

    private static ApiException challenge(String message) {
        return new ApiException(401, "unauthorized", message);
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
