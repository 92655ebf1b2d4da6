package io.lampblack.server.auth;

import java.time.Instant;
import java.util.Optional;

/** Persistence of users and their API-token digests. */
public interface UserStore {

    Optional<User> findByTokenDigest(String tokenSha256);

    boolean exists(String username);

    /** The user's e-mail address, if the user exists and has one. */
    Optional<String> emailOf(String username);

    void create(User user, String tokenSha256, Instant now);
}
