package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code {"result": "success"}}: Carbon Black's answer to a change (reference §1.4). cbapi checks the value, then
 * reads the object again.
 */
public record Result(@JsonProperty("result") String result) {

    public static final Result SUCCESS = new Result("success");
}
