package io.lampblack.server.auth;

/**
 * Resolves the {@link Caller} of a request: the user's role in every sensor group. The router asks it once per
 * request and decides every route's access from the answer, in one place.
 */
public interface Authorizer {

    Caller callerOf(User user);

    /** Global administrators only (no teams yet): everyone else sees no group. */
    static Authorizer globalAdminsOnly() {
        return Caller::of;
    }
}
