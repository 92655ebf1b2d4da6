package io.lampblack.server.bus;

import io.lampblack.protocol.EventKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which raw event kinds are exported per event, from a value like Carbon Black's cb.conf
 * {@code DatastoreBroadcastEventTypes}: {@code *} for every routed kind, or a comma list of its tokens
 * ({@code process} covers starts and ends, {@code moduleinfo} is binary metadata, reference §1.5). Carbon Black has
 * no tokens for the kinds it added later, so the last part of their routing key is accepted too
 * ({@code childproc}, {@code crossprocopen}, {@code remotethread}, {@code processblock}, ...).
 */
public final class BroadcastEventTypes {

    private static final Map<String, Set<EventKind>> CB_TOKENS = Map.of(
            "process", EnumSet.of(EventKind.PROCESS_START, EventKind.PROCESS_END),
            "moduleinfo", EnumSet.of(EventKind.MODULE_INFO),
            "procstart", EnumSet.of(EventKind.PROCESS_START));

    private BroadcastEventTypes() {}

    /** @throws IllegalArgumentException naming the first unknown token */
    public static Set<EventKind> parse(String value) {
        Set<EventKind> out = EnumSet.noneOf(EventKind.class);
        for (String raw : value.split(",")) {
            String token = raw.trim().toLowerCase(Locale.ROOT);
            if (token.isEmpty()) continue;
            if (token.equals("*")) {
                for (EventKind k : EventKind.values()) if (k.isRouted()) out.add(k);
                continue;
            }
            Set<EventKind> kinds = CB_TOKENS.get(token);
            if (kinds == null) {
                kinds = EventKind.fromRoutingKey("ingress.event." + token)
                        .map(EnumSet::of)
                        .orElseThrow(
                                () -> new IllegalArgumentException(
                                        "unknown broadcast event type '" + token
                                                + "' (use * or a comma list such as process,moduleload,filemod,regmod,netconn,moduleinfo)"));
            }
            out.addAll(kinds);
        }
        return out;
    }
}
