/**
 * Who is calling the REST API, what they may do, and the record of what they did.
 *
 * <p>In: the {@code X-Auth-Token} of a request, and the right a route requires. Out: the authenticated
 * {@link io.lampblack.server.auth.User} (tokens are matched by their SHA-256 digest), the one allow/deny decision of
 * {@link io.lampblack.server.auth.Authorizer}, a bootstrap admin token on first start, and audit entries for
 * mutating calls through the {@link io.lampblack.server.auth.AuditLog} role. Users and audit entries are persisted
 * through the {@link io.lampblack.server.auth.UserStore} and {@code AuditLog} roles, implemented in {@code store}.
 */
package io.lampblack.server.auth;
