package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /api/login-caps}: how the login page may sign users in; no single sign-on here, so both are null. */
public record LoginCaps(
        @MayBeNull @JsonProperty("login_ui_sso_label") String ssoLabel,
        @MayBeNull @JsonProperty("login_ui_sso_link") String ssoLink) {

    public static final LoginCaps NO_SSO = new LoginCaps(null, null);
}
