package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"id": N}}: Carbon Black's answer to a create where the client keeps only the id (tagged events). */
public record Created(@JsonProperty("id") long id) {}
