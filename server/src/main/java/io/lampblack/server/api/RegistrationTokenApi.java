package io.lampblack.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.auth.User;
import io.lampblack.server.sensor.RegistrationToken;

/**
 * {@code POST /api/v1/sensor/registration_token}: a global administrator replaces the token sensors present to
 * register and is answered the new one, once (there is no route that reads it back: a lost token is replaced). The
 * old token stops working at once; sensors registered with it keep their credentials. 409 when registration is
 * open or the token is configured on the command line.
 */
public final class RegistrationTokenApi {

    /** The answer: the new token. */
    public record Rotated(
            @JsonProperty("sensor_registration_token") String sensorRegistrationToken) {}

    private final RegistrationToken token;

    public RegistrationTokenApi(RegistrationToken token) {
        this.token = token;
    }

    public void register(Router r) {
        r.route("POST", "/api/v1/sensor/registration_token", Router.Access.GLOBAL_ADMIN, this::rotate);
    }

    private void rotate(Exchange ex) throws Exception {
        // Sensor enrolment is the whole fleet's concern: global administrators only, whatever rights come later.
        if (!ex.user().map(User::globalAdmin).orElse(false)) throw new ApiException(403, "forbidden", "not allowed");
        ex.json(200, new Rotated(token.rotate()));
    }
}
