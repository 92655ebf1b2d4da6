package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.auth.Account;

/** {@code GET /api/auth}'s answer: the user's token and who they are (reference §4.1). */
public record AuthDocument(
        @JsonProperty("auth_token") String authToken,
        @JsonProperty("user_id") int userId,
        @JsonProperty("username") String username,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        @JsonProperty("global_admin") boolean globalAdmin) {

    public static AuthDocument of(Account a, String token) {
        return new AuthDocument(
                token,
                a.userId(),
                a.user().username(),
                a.user().firstName(),
                a.user().lastName(),
                a.user().globalAdmin());
    }

    /** {@code POST /api/auth/retrieve-token}'s and the token routes' answer. */
    public record TokenOnly(@JsonProperty("auth_token") String authToken) {}
}
