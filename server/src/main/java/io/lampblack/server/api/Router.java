package io.lampblack.server.api;

import io.lampblack.server.auth.ApiTokens;
import io.lampblack.server.auth.AuditLog;
import io.lampblack.server.auth.Authorizer;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.auth.ConsoleSessions;
import io.lampblack.server.auth.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: matches a route, authenticates (`X-Auth-Token`, or a bearer token, or else the web console's session
 * cookie, on every REST route, 401 otherwise), checks a cookie-authenticated change's CSRF token (403), passes the one
 * authorization filter (403), runs the handler, records every API call (reads too) in the audit log, and hands every
 * failure to the {@link ErrorMapper}, which answers it in the one JSON error shape. Every answer is
 * {@code Cache-Control: no-store} unless its route says otherwise.
 *
 * <p>A console session is the same {@link Caller} as the user's token, so it may do exactly what the token may. What a
 * cookie adds is the risk of a request another site makes the browser send: the cookie is {@code SameSite=Strict}, and
 * besides, every method but GET, HEAD and OPTIONS must carry the session's CSRF token in {@code X-CSRF-Token}, which
 * another site cannot read.
 */
public final class Router extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    @FunctionalInterface
    public interface Action {
        void handle(Exchange ex) throws Exception;
    }

    /** How a route resolves the sensor group of the object it acts on (from its path); empty when it is unknown. */
    @FunctionalInterface
    public interface GroupOf {
        Optional<Integer> of(Exchange ex);
    }

    /**
     * Who may call a route, decided here for every route from the request's {@link Caller}. SENSOR routes
     * authenticate sensors themselves; PUBLIC routes need nobody. Every other level needs an API token or a console
     * session (401):
     *
     * <ul>
     *   <li>{@link #READ}: any user; what the handler answers is filtered to the groups the caller may see
     *   <li>{@link #ANALYST}: Administrator of at least one group (tagging, investigations, alert triage)
     *   <li>{@link #GLOBAL_ADMIN}: configuration (users, teams, groups, feeds, watchlists, bans, storage, ...)
     *   <li>{@link #groupRead}: the object's group must be visible to the caller, else 404 as if it did not exist
     *   <li>{@link #groupAdmin}: as groupRead, and the caller must administer the group, else 403
     * </ul>
     *
     * A group-scoped route whose object is unknown ({@link GroupOf} answers empty) runs its handler, which answers
     * 404; an unknown object and an invisible one look the same to the caller.
     */
    public record Access(Level level, GroupOf groupOf) {

        public enum Level {
            PUBLIC,
            SENSOR,
            READ,
            ANALYST,
            GROUP_READ,
            GROUP_ADMIN,
            GLOBAL_ADMIN
        }

        public static final Access PUBLIC = new Access(Level.PUBLIC, null);
        public static final Access SENSOR = new Access(Level.SENSOR, null);
        public static final Access READ = new Access(Level.READ, null);
        public static final Access ANALYST = new Access(Level.ANALYST, null);
        public static final Access GLOBAL_ADMIN = new Access(Level.GLOBAL_ADMIN, null);

        public static Access groupRead(GroupOf groupOf) {
            return new Access(Level.GROUP_READ, groupOf);
        }

        public static Access groupAdmin(GroupOf groupOf) {
            return new Access(Level.GROUP_ADMIN, groupOf);
        }

        /** Whether the route is called with an API token or session (everything but sensor and public routes). */
        public boolean api() {
            return level != Level.PUBLIC && level != Level.SENSOR;
        }
    }

    /** The header a cookie-authenticated change carries its session's CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** Methods that change nothing, and so need no CSRF token. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private record Route(String method, String pattern, String[] parts, Access access, Action action) {}

    /** A registered route as the access matrix test reads it: method, pattern and access level. */
    public record RouteInfo(String method, String pattern, Access access) {}

    private final List<Route> routes = new ArrayList<>();
    private final ApiTokens tokens;
    private final ConsoleSessions sessions;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;
    private final ErrorMapper errors;

    public Router(ApiTokens tokens, ConsoleSessions sessions, Authorizer authorizer, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
        this.errors = new ErrorMapper();
    }

    /** Adds a route; {@code pattern} segments in braces are path parameters, e.g. {@code /api/v1/process/{guid}}. */
    public Router route(String method, String pattern, Access access, Action action) {
        routes.add(new Route(method, pattern, split(pattern), access, action));
        return this;
    }

    /** Every route added so far, in the order they were added. */
    public List<RouteInfo> routes() {
        return routes.stream()
                .map(r -> new RouteInfo(r.method, r.pattern, r.access))
                .toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        String[] parts = split(path == null ? "/" : path);
        Map<String, String> params = new HashMap<>();
        Route route = null;
        boolean pathMatched = false;
        for (Route r : routes) {
            params.clear();
            if (match(r.parts, parts, params)) {
                pathMatched = true;
                if (r.method.equals(method)) {
                    route = r;
                    break;
                }
            }
        }
        Exchange ex = new Exchange(request, response, callback, Map.copyOf(params));
        // API and sensor answers carry tokens (a user's own, a session's CSRF token, a sensor's); no cache keeps them.
        // A route that sets its own (the console's files) replaces this.
        ex.responseHeader("Cache-Control", "no-store");
        if (route == null) {
            fail(
                    ex,
                    pathMatched
                            ? new ApiException(405, "method_not_allowed", method + " is not supported on " + path)
                            : ApiException.notFound("route " + path));
            return true;
        }
        boolean apiRoute = route.access.api();
        if (apiRoute) { // every call with a token, reads too, and every refused one
            ex.beforeAnswer(status -> {
                try {
                    audit.record(new AuditLog.Entry(
                            clock.instant(),
                            ex.user().map(User::username).orElse("-"),
                            method,
                            path,
                            status,
                            ex.remoteAddress()));
                } catch (RuntimeException e) {
                    LOG.error("audit log write failed for {} {}", method, path, e);
                }
            });
        }
        try {
            if (apiRoute) {
                User user = authenticate(ex);
                Caller caller = authorizer.callerOf(user);
                ex.caller(caller);
                authorize(route.access, caller, ex);
            }
            route.action.handle(ex);
            if (!ex.answered()) ex.noContent();
        } catch (Throwable e) {
            // Errors too (a stack overflow in a handler): Jetty's own error page would show the exception's text.
            fail(ex, e);
            // The client has its 500; a JVM in trouble (out of memory) must still be seen as such by Jetty and the
            // thread, not carry on as if one request had failed.
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) throw (VirtualMachineError) e;
        }
        return true;
    }

    /** The one access decision of every API route (see {@link Access}). */
    private static void authorize(Access access, Caller caller, Exchange ex) {
        boolean scoped = access.level() == Access.Level.GROUP_READ || access.level() == Access.Level.GROUP_ADMIN;
        Optional<ApiException> refusal =
                refusal(access.level(), caller, scoped ? access.groupOf().of(ex) : Optional.empty(), ex.path());
        if (refusal.isPresent()) throw refusal.get();
    }

    /**
     * Why a caller may not use a route of this level, or empty when they may.
     *
     * @param group the sensor group of the object a group-scoped route acts on; empty when it is unknown (the
     *     handler answers 404)
     */
    static Optional<ApiException> refusal(Access.Level level, Caller caller, Optional<Integer> group, String path) {
        return switch (level) {
            case READ -> Optional.empty();
            case ANALYST ->
                caller.administersAnyGroup()
                        ? Optional.empty()
                        : Optional.of(forbidden("this needs the Administrator role in a group"));
            case GLOBAL_ADMIN ->
                caller.globalAdmin() ? Optional.empty() : Optional.of(forbidden("this needs a global administrator"));
            case GROUP_READ, GROUP_ADMIN -> {
                if (group.isEmpty()) yield Optional.empty();
                if (!caller.maySee(group.get())) yield Optional.of(ApiException.notFound(path));
                if (level == Access.Level.GROUP_ADMIN && !caller.mayAdminister(group.get()))
                    yield Optional.of(forbidden("this needs the Administrator role in sensor group " + group.get()));
                yield Optional.empty();
            }
            case PUBLIC, SENSOR -> throw new IllegalStateException("not an API route");
        };
    }

    private static ApiException forbidden(String message) {
        return ApiException.forbidden(message);
    }

    /**
     * The caller: by API token when the request has one (a wrong one is not rescued by a cookie), else by the console
     * session its cookie names, whose CSRF token a change must carry.
     *
     * @throws ApiException 401 without either, 403 {@code csrf_token_invalid} for a change without the session's token
     */
    private User authenticate(Exchange ex) {
        String token = token(ex);
        if (token != null) {
            User user = tokens.authenticate(token)
                    .orElseThrow(() -> new ApiException(401, "unauthorized", "missing or invalid X-Auth-Token"));
            ex.user(user);
            return user;
        }
        List<String> cookies = ex.cookies(ConsoleSessions.COOKIE);
        if (cookies.isEmpty()) throw new ApiException(401, "unauthorized", "missing or invalid X-Auth-Token");
        ConsoleSessions.Authenticated a = cookies.stream()
                .limit(4)
                .map(sessions::authenticate)
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        401, "unauthorized", "the console session has ended (or never was); log in again"));
        ex.user(a.user());
        ex.session(a.session());
        if (!SAFE_METHODS.contains(ex.method())
                && !a.session().csrfMatches(ex.header(CSRF_HEADER).orElse(null)))
            throw new ApiException(
                    403,
                    "csrf_token_invalid",
                    "a change made with the console's session needs its CSRF token in " + CSRF_HEADER);
        return a.user();
    }

    /** {@code X-Auth-Token} as Carbon Black clients send it, else a bearer token (what Prometheus can send). */
    private static String token(Exchange ex) {
        Optional<String> token = ex.header("X-Auth-Token");
        if (token.isPresent()) return token.get();
        return ex.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .orElse(null);
    }

    /** Answers a failure, unless the handler answered before failing (an internal one is still logged). */
    private void fail(Exchange ex, Throwable failure) {
        ErrorMapper.Answer answer = errors.answer(failure, ex.method() + " " + ex.path());
        if (ex.answered()) return;
        // Whatever the route meant to cache, an error is not it.
        ex.responseHeader("Cache-Control", "no-store");
        if (answer.retryAfterSeconds() > 0)
            ex.responseHeader("Retry-After", Integer.toString(answer.retryAfterSeconds()));
        ex.json(answer.status(), answer.body());
    }

    private static String[] split(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.startsWith("/")) p = p.substring(1);
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static boolean match(String[] pattern, String[] path, Map<String, String> params) {
        if (pattern.length != path.length) return false;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) params.put(p.substring(1, p.length() - 1), path[i]);
            else if (!p.equals(path[i])) return false;
        }
        return true;
    }
}
