/**
 * Who is calling the REST API, what they may do, and the record of what they did.
 *
 * <p>In: the {@code X-Auth-Token} of a request, usernames and passwords at login, and changes to users and teams.
 * Out: the authenticated {@link io.lampblack.server.auth.User} (tokens matched by their SHA-256 digest, and kept
 * sealed in the {@link io.lampblack.server.auth.TokenVault} so their owner can see them); the
 * {@link io.lampblack.server.auth.Caller} with a {@link io.lampblack.server.auth.GroupRole} per sensor group from the
 * user's teams ({@link io.lampblack.server.auth.TeamAuthorizer}); Argon2id password checks
 * ({@link io.lampblack.server.auth.PasswordHasher}) throttled by {@link io.lampblack.server.auth.LoginThrottle}; the web
 * console's sessions ({@link io.lampblack.server.auth.ConsoleSessions}: in memory, bounded, with a CSRF token each);
 * and
 * audit entries for every API call and login, written asynchronously by {@link io.lampblack.server.auth.AuditTrail}.
 * Users, teams and audit entries are persisted through the {@link io.lampblack.server.auth.UserStore},
 * {@link io.lampblack.server.auth.TeamStore} and {@link io.lampblack.server.auth.AuditStore} roles, implemented in
 * {@code store}; sensor group names come through {@link io.lampblack.server.auth.GroupNames}.
 */
package io.lampblack.server.auth;
