package io.lampblack.server.bus;

import io.lampblack.protocol.EventKind;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which raw event kinds go to Redis and on which channel, from a comma list of the tokens of Carbon Black's Redis
 * option: {@code procstart} (or {@code process}), {@code procend}, {@code childproc}, {@code moduleload},
 * {@code module} (binary metadata), {@code filemod}, {@code regmod}, {@code netconn}, or {@code *} for all of them.
 * Each kind is published on {@code ingress.event.<token>}; process starts on {@code ingress.event.procstart}.
 */
public final class RedisEventTypes {

    private static final Map<String, EventKind> TOKENS = new LinkedHashMap<>();

    static {
        TOKENS.put("procstart", EventKind.PROCESS_START);
        TOKENS.put("procend", EventKind.PROCESS_END);
        TOKENS.put("childproc", EventKind.CHILD_PROCESS);
        TOKENS.put("moduleload", EventKind.MODULE_LOAD);
        TOKENS.put("module", EventKind.MODULE_INFO);
        TOKENS.put("filemod", EventKind.FILE_MOD);
        TOKENS.put("regmod", EventKind.REG_MOD);
        TOKENS.put("netconn", EventKind.NET_CONN);
    }

    private RedisEventTypes() {}

    /**
     * The channel of each selected kind.
     *
     * @throws IllegalArgumentException naming the first unknown token
     */
    public static Map<EventKind, byte[]> parse(String value) {
        Map<EventKind, byte[]> out = new EnumMap<>(EventKind.class);
        for (String raw : value.split(",")) {
            String token = raw.trim().toLowerCase(Locale.ROOT);
            if (token.isEmpty()) continue;
            if (token.equals("*")) {
                TOKENS.forEach((t, kind) -> out.put(kind, channel(t)));
                continue;
            }
            String canonical = token.equals("process") ? "procstart" : token;
            EventKind kind = TOKENS.get(canonical);
            if (kind == null) {
                throw new IllegalArgumentException("unknown redis event type '" + token + "' (use * or a comma list of "
                        + String.join(",", TOKENS.keySet()) + ")");
            }
            out.put(kind, channel(canonical));
        }
        return out;
    }

    private static byte[] channel(String token) {
        return ("ingress.event." + token).getBytes(StandardCharsets.US_ASCII);
    }
}
