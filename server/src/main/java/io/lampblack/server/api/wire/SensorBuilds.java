package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /api/v2/builds} (reference §4.1): the sensor builds installers can be made of, per OS. All three keys
 * are read by cbapi's {@code SensorBuilds}; there are no installers yet, so each list is empty.
 */
public record SensorBuilds(
        @JsonProperty("Windows") List<Build> windows,
        @JsonProperty("Linux") List<Build> linux,
        @JsonProperty("OSX") List<Build> osx) {

    /** One build as {@code /api/builds} lists it. */
    public record Build(
            @JsonProperty("id") int id,
            @JsonProperty("version_string") String versionString,
            @JsonProperty("os") String os) {}

    public static final SensorBuilds NONE = new SensorBuilds(List.of(), List.of(), List.of());
}
