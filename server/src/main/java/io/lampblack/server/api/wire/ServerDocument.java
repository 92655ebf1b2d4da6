package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.administration.ServerNode;

/** One node of {@code GET /api/server}: this server, the only (master) node. */
public record ServerDocument(
        @JsonProperty("id") int id,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("address") String address,
        @JsonProperty("node_type") String nodeType,
        @JsonProperty("version") String version) {

    public static ServerDocument of(ServerNode.Node n, String version) {
        return new ServerDocument(n.id(), n.hostname(), n.address(), "master", version);
    }
}
