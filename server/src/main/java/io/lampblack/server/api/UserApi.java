package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.AuthDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.api.wire.UserDocument;
import io.lampblack.server.auth.Account;
import io.lampblack.server.auth.Accounts;
import io.lampblack.server.auth.ApiTokens;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.auth.User;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Users (reference §4.7) and their API tokens. Listing, creating and deleting users is for global administrators; a
 * user may read their own document (with their token), change their own names, e-mail and password (giving the
 * current one), and rotate or revoke their own token (not the last token that lets a global administrator in). Another user's document is answered 404 to anyone but a global administrator, so that
 * usernames cannot be probed.
 */
public final class UserApi {

    private static final long MAX_BODY = 64 * 1024;

    private final Accounts accounts;
    private final ApiTokens tokens;

    public UserApi(Accounts accounts, ApiTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/api/users",
                Router.Access.GLOBAL_ADMIN,
                ex -> ex.json(
                        200,
                        accounts.list().stream()
                                .map(a -> UserDocument.of(a, null))
                                .toList()));
        r.route("POST", "/api/user", Router.Access.GLOBAL_ADMIN, this::create);
        r.route("GET", "/api/user/{username}", Router.Access.READ, this::read);
        r.route("PUT", "/api/user/{username}", Router.Access.READ, this::update);
        r.route("DELETE", "/api/user/{username}", Router.Access.GLOBAL_ADMIN, ex -> {
            if (!accounts.delete(ex.pathParam("username"))) throw notFound(ex);
            ex.json(200, Result.SUCCESS);
        });
        r.route("POST", "/api/v1/user/{username}/token", Router.Access.READ, ex -> {
            String username = ownOrAdministered(ex).user().username();
            ex.json(200, new AuthDocument.TokenOnly(tokens.rotate(username).orElseThrow(() -> notFound(ex))));
        });
        r.route("DELETE", "/api/v1/user/{username}/token", Router.Access.READ, ex -> {
            if (!tokens.revoke(ownOrAdministered(ex).user().username())) throw notFound(ex);
            ex.json(200, Result.SUCCESS);
        });
    }

    private void create(Exchange ex) {
        JsonNode b = JsonFields.object(ex.jsonBody(MAX_BODY));
        String username = JsonFields.text(b, "username", "");
        if (username.isEmpty()) throw JsonFields.invalid("username", "is required");
        accounts.create(fields(b, username, Optional.empty()), JsonFields.ids(b, "teams", List.of()), password(b));
        // cbapi checks {"result": "success"} and then reads the user (reference §1.4).
        ex.json(200, Result.SUCCESS);
    }

    private void read(Exchange ex) {
        Account a = ownOrAdministered(ex);
        ex.json(200, UserDocument.of(a, tokens.current(a.user().username()).orElse(null)));
    }

    /** The whole document as cbapi sends it back; fields left out keep their values. */
    private void update(Exchange ex) {
        Account old = ownOrAdministered(ex);
        JsonNode b = JsonFields.object(ex.jsonBody(MAX_BODY));
        String bodyName = JsonFields.text(b, "username", old.user().username());
        if (!bodyName.equals(old.user().username()))
            throw JsonFields.invalid("username", "cannot be changed (it is the user's key)");
        User user = fields(b, old.user().username(), Optional.of(old.user()));
        List<Integer> oldTeams = old.teams().stream().map(Account.TeamRef::id).toList();
        List<Integer> teams = JsonFields.ids(b, "teams", oldTeams);
        Caller caller = ex.caller();
        if (!caller.globalAdmin()
                && (user.globalAdmin() != old.user().globalAdmin()
                        || !new HashSet<>(teams).equals(new HashSet<>(oldTeams)))) {
            throw new ApiException(403, "forbidden", "only a global administrator changes roles and teams");
        }
        Optional<String> password = password(b);
        if (password.isPresent() && caller.username().equals(old.user().username())) selfService(ex, b, old);
        if (!accounts.update(user, teams, password)) throw notFound(ex);
        ex.json(200, Result.SUCCESS);
    }

    /**
     * A user changing their own password proves they know the current one ({@code current_password}, checked and
     * throttled as a login is), so a stolen token cannot be turned into a password. A user without a password gets
     * their first from a global administrator, unless they are one. A global administrator changing another user's
     * password gives no current one. The token is not rotated by a password change (Carbon Black keeps it too).
     */
    private void selfService(Exchange ex, JsonNode b, Account old) {
        String username = old.user().username();
        if (!old.hasPassword()) {
            if (ex.caller().globalAdmin()) return;
            throw new ApiException(
                    403, "forbidden", "a user without a password is given one by a global administrator");
        }
        Optional<String> current =
                JsonFields.optionalText(b, "current_password").filter(s -> !s.isEmpty());
        if (current.isEmpty()) throw JsonFields.invalid("current_password", "is required to change your own password");
        if (!accounts.passwordMatches(username, current.get(), ex.remoteAddress()))
            throw new ApiException(403, "wrong_current_password", "'current_password' is not your password");
    }

    private static User fields(JsonNode b, String username, Optional<User> old) {
        return new User(
                username,
                JsonFields.text(b, "first_name", old.map(User::firstName).orElse("")),
                JsonFields.text(b, "last_name", old.map(User::lastName).orElse("")),
                JsonFields.text(b, "email", old.map(User::email).orElse("")),
                JsonFields.bool(b, "global_admin", old.map(User::globalAdmin).orElse(false)));
    }

    /** A new password, when one is given (an empty one is none: cbapi sends back what it read, without password). */
    private static Optional<String> password(JsonNode b) {
        Optional<String> p = JsonFields.optionalText(b, "password").filter(s -> !s.isEmpty());
        Optional<String> confirm =
                JsonFields.optionalText(b, "confirm_password").filter(s -> !s.isEmpty());
        if (p.isPresent() && confirm.isPresent() && !p.equals(confirm))
            throw JsonFields.invalid("confirm_password", "does not match 'password'");
        return p;
    }

    /** The path's user, when it is the caller or the caller is a global administrator; 404 otherwise. */
    private Account ownOrAdministered(Exchange ex) {
        String username = ex.pathParam("username");
        Caller caller = ex.caller();
        if (!caller.globalAdmin() && !caller.username().equals(username)) throw notFound(ex);
        return accounts.get(username).orElseThrow(() -> notFound(ex));
    }

    private static ApiException notFound(Exchange ex) {
        return ApiException.notFound("user " + ex.pathParam("username"));
    }
}
