package io.lampblack.server.administration;

import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.problem.TextLimits;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * This server's record in Carbon Black's cluster listing ({@code /api/server}): a single node, the master, id
 * {@link #ID}. Its hostname and address default to what the server knows of itself; an administrator may set the
 * names to announce instead (kept; nothing else reads them yet).
 */
public final class ServerNode {

    /** The id of the one node (the master); 1 and up are left for cluster members should there ever be any. */
    public static final int ID = 0;

    /** @param hostname and {@code address}: as announced */
    public record Node(int id, String hostname, String address) {}

    static final String HOSTNAME = "server.hostname";
    static final String ADDRESS = "server.address";
    static final int MAX_NAME = 255;

    private final SettingStore settings;
    private final String defaultHostname;
    private final String defaultAddress;

    public ServerNode(SettingStore settings, String defaultHostname, String defaultAddress) {
        this.settings = settings;
        this.defaultHostname = defaultHostname;
        this.defaultAddress = defaultAddress;
    }

    public Node node() {
        return new Node(
                ID,
                settings.get(HOSTNAME).orElse(defaultHostname),
                settings.get(ADDRESS).orElse(defaultAddress));
    }

    /** Sets what is given (null = unchanged); empty when {@code id} names no node. */
    public Optional<Node> change(int id, String hostname, String address) {
        if (id != ID) return Optional.empty();
        Map<String, String> values = new HashMap<>();
        if (hostname != null) values.put(HOSTNAME, name("hostname", hostname));
        if (address != null) values.put(ADDRESS, name("address", address));
        if (!values.isEmpty()) settings.putAll(values);
        return Optional.of(node());
    }

    private static String name(String field, String value) {
        String s = TextLimits.atMost(field, value.strip(), MAX_NAME);
        if (s.isEmpty() || s.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch))) {
            throw new InvalidInput("invalid_input", "'" + field + "' must be a host name or address");
        }
        return s;
    }
}
