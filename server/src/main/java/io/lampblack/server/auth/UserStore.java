package io.lampblack.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Persistence of users, their credentials (token digest and sealed token, password hash) and team memberships. Each
 * change is one transaction; the ones that could leave no global administrator refuse to ({@link AccessProblem}).
 */
public interface UserStore {

    Optional<User> findByTokenDigest(String tokenSha256);

    boolean exists(String username);

    /** Whether any user exists (false only before the first start created the bootstrap administrator). */
    boolean anyUser();

    /** The user's e-mail address, if the user exists and has one. */
    Optional<String> emailOf(String username);

    List<Account> accounts();

    Optional<Account> account(String username);

    /**
     * Creates a user with a token.
     *
     * @throws AccessProblem 409 when the username exists
     */
    void create(UserChange change, String tokenSha256, String sealedToken, Instant now);

    /**
     * Replaces a user's fields and teams, and the password hash when the change has one; false when the user does not
     * exist.
     *
     * @throws AccessProblem 409 when it would leave no global administrator
     */
    boolean update(UserChange change);

    /**
     * Deletes a user; false when they do not exist.
     *
     * @throws AccessProblem 409 when they are the last global administrator
     */
    boolean delete(String username);

    Optional<String> passwordHash(String username);

    /**
     * Gives a global administrator who has no password this one (a user without a password cannot log in, so nothing
     * is taken away); false, and nothing changed, when the user does not exist, is no global administrator or has a
     * password.
     */
    boolean givePasswordToAdminWithout(String username, String passwordHash);

    /** The sealed token, if the user has one that was kept sealed. */
    Optional<String> sealedToken(String username);

    /**
     * Leaves the user without a token; false when the user does not exist.
     *
     * @throws AccessProblem 409 when the user is a global administrator without a password and no other global
     *     administrator has a token or a password: nobody could use the API as an administrator again
     */
    boolean revokeToken(String username);

    /** Replaces the user's token (both null: revoked); false when the user does not exist. */
    boolean setToken(String username, String tokenSha256, String sealedToken);

    /** The strongest role the user's teams give in each group. */
    Map<Integer, GroupRole> groupRoles(String username);
}
