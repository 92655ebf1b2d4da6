package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.ConsoleSessionDocument;
import io.lampblack.server.auth.Account;
import io.lampblack.server.auth.Authorizer;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.auth.ConsoleSessions;
import io.lampblack.server.auth.GroupNames;
import java.util.Locale;

/**
 * The web console's login (Lampblack's own): {@code POST /api/console/login} checks a username and password as
 * {@code /api/auth} does ({@link PasswordLogins}: throttled, audited as "console login ...") and opens a
 * {@link ConsoleSessions session}, whose id goes into an HttpOnly, Secure, SameSite=Strict cookie ({@code
 * __Host-lampblack_session}: Path=/ and no Domain, which the prefix makes browsers insist on) the {@link Router}
 * then authenticates every API route by. {@code GET /api/console/session} answers the session the cookie names (the
 * console asks it on load), {@code POST /api/console/logout} ends it and clears the cookie.
 *
 * <p>The login takes only {@code Content-Type: application/json}: a page of another site can make a browser post a
 * form (plain text looking like JSON included) but not JSON, so it cannot log the browser into an account of its own
 * choosing.
 */
public final class ConsoleLoginApi {

    private static final long MAX_BODY = 16 * 1024;

    private final PasswordLogins logins;
    private final ConsoleSessions sessions;
    private final Authorizer authorizer;
    private final GroupNames groups;

    public ConsoleLoginApi(PasswordLogins logins, ConsoleSessions sessions, Authorizer authorizer, GroupNames groups) {
        this.logins = logins;
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.groups = groups;
    }

    public void register(Router r) {
        r.route("POST", "/api/console/login", Router.Access.PUBLIC, this::login);
        r.route("GET", "/api/console/session", Router.Access.READ, ex -> ex.json(200, document(ex.caller(), own(ex))));
        r.route("POST", "/api/console/logout", Router.Access.READ, ex -> {
            sessions.end(own(ex));
            ex.responseHeader("Set-Cookie", cookie("", 0));
            ex.noContent();
        });
    }

    private void login(Exchange ex) {
        String type = ex.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.startsWith("application/json;"))
            throw new ApiException(415, "unsupported_media_type", "the console login takes application/json");
        JsonNode b = JsonFields.object(ex.jsonBody(MAX_BODY));
        String username = JsonFields.text(b, "username", "");
        PasswordLogins.Attempt attempt = logins.attempt(ex, username.isEmpty() ? "-" : username, "console login");
        if (username.isEmpty()) throw JsonFields.invalid("username", "is required");
        // Read before the check: a password change that ends the user's sessions after this refuses the session
        // below, though the check may have read the password it replaced.
        long generation = sessions.generation(username);
        Account account = attempt.check(username, JsonFields.text(b, "password", ""));
        ConsoleSessions.Opened opened = sessions.open(username, generation)
                .orElseThrow(() -> PasswordLogins.unauthorized(
                        "the password was changed while this login was checked; log in again"));
        // A session the browser still holds is replaced, not left to run out beside the new one.
        ex.cookies(ConsoleSessions.COOKIE).forEach(sessions::end);
        ex.responseHeader(
                "Set-Cookie", cookie(opened.id(), sessions.limits().lifetime().toSeconds()));
        ex.json(200, document(authorizer.callerOf(account.user()), opened.session()));
    }

    /** The session the request was authenticated by; 404 for a call made with an API token. */
    private static ConsoleSessions.Session own(Exchange ex) {
        return ex.session()
                .orElseThrow(() -> new ApiException(
                        404,
                        "no_console_session",
                        "this call was authenticated by an API token, not a console session"));
    }

    private ConsoleSessionDocument document(Caller caller, ConsoleSessions.Session session) {
        return ConsoleSessionDocument.of(
                caller, session, sessions.limits().idle().toSeconds(), groups.all());
    }

    /** The session cookie: readable by no script, sent over HTTPS only and never with another site's requests. */
    static String cookie(String value, long maxAgeSeconds) {
        return ConsoleSessions.COOKIE + "=" + value + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age="
                + maxAgeSeconds;
    }
}
