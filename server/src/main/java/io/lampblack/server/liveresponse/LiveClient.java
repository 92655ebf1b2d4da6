package io.lampblack.server.liveresponse;

import java.util.function.IntPredicate;

/**
 * Who asks for a session, and which sensor groups they administer: every lookup of a session checks it against the
 * session's sensor's group as it is at that moment, so that a session a caller may not act on is answered exactly
 * as an unknown one, however the request got this far.
 *
 * @param username    for the audit log
 * @param administers whether the caller holds the Administrator role in a sensor group
 */
public record LiveClient(String username, IntPredicate administers) {

    /** A client that administers every group (the server itself, tests). */
    public static LiveClient everywhere(String username) {
        return new LiveClient(username, g -> true);
    }
}
