package io.lampblack.protocol;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.util.Optional;

/**
 * What a raw event is about, decided by its payload sub-message (a sensor sends exactly one per event), with the
 * Carbon Black routing key under which it is published on {@code api.events}. Kinds that Carbon Black never routes
 * have no routing key.
 */
public enum EventKind {
    PROCESS_START("ingress.event.process"),
    PROCESS_END("ingress.event.procend"),
    CHILD_PROCESS("ingress.event.childproc"),
    MODULE_LOAD("ingress.event.moduleload"),
    FILE_MOD("ingress.event.filemod"),
    REG_MOD("ingress.event.regmod"),
    /** {@code network} (≤5.1) or {@code networkv2} (≥5.2): same routing key. */
    NET_CONN("ingress.event.netconn"),
    CROSS_PROCESS_OPEN("ingress.event.crossprocopen"),
    REMOTE_THREAD("ingress.event.remotethread"),
    /** Binary metadata ({@code CbModuleInfoMsg}), not a module load. */
    MODULE_INFO("ingress.event.module"),
    TAMPER("ingress.event.tamper"),
    PROCESS_BLOCK("ingress.event.processblock"),
    EMET_MITIGATION("ingress.event.emetmitigation"),
    /** AMSI script content (EDR ≥7.2). */
    SCRIPT_EXECUTE("ingress.event.filelessscriptload"),
    FILE_BACKED_SCRIPT_EXECUTE(null),
    PROCESS_METADATA(null),
    /** Anything else: deprecated payloads (stats, vtwrite, vtload), blocked netconns, or no payload at all. */
    OTHER(null);

    private final Optional<String> routingKey;

    EventKind(String routingKey) {
        this.routingKey = Optional.ofNullable(routingKey);
    }

    /** The {@code api.events} routing key, empty for kinds that Carbon Black does not publish. */
    public Optional<String> routingKey() {
        return routingKey;
    }

    public boolean isRouted() {
        return routingKey.isPresent();
    }

    /** Classifies by payload; start and end of a process share a payload and differ by {@code process.created}. */
    public static EventKind of(CbEventMsg event) {
        if (event.hasProcess()) {
            return event.getProcess().getCreated() ? PROCESS_START : PROCESS_END;
        }
        if (event.hasChildproc()) {
            return CHILD_PROCESS;
        }
        if (event.hasModload()) {
            return MODULE_LOAD;
        }
        if (event.hasFilemod()) {
            return FILE_MOD;
        }
        if (event.hasRegmod()) {
            return REG_MOD;
        }
        if (event.hasNetwork() || event.hasNetworkv2()) {
            return NET_CONN;
        }
        if (event.hasCrossproc()) {
            if (event.getCrossproc().hasOpen()) {
                return CROSS_PROCESS_OPEN;
            }
            if (event.getCrossproc().hasRemotethread()) {
                return REMOTE_THREAD;
            }
            return OTHER;
        }
        if (event.hasModule()) {
            return MODULE_INFO;
        }
        if (event.hasTamperAlert()) {
            return TAMPER;
        }
        if (event.hasBlocked()) {
            return PROCESS_BLOCK;
        }
        if (event.hasEmet()) {
            return EMET_MITIGATION;
        }
        if (event.hasScriptexe()) {
            return SCRIPT_EXECUTE;
        }
        if (event.hasFbscriptexe()) {
            return FILE_BACKED_SCRIPT_EXECUTE;
        }
        if (event.hasProcessMeta()) {
            return PROCESS_METADATA;
        }
        return OTHER;
    }

    /**
     * The kind published under a routing key; {@code ingress.event.procstart} is the newer name for process starts.
     */
    public static Optional<EventKind> fromRoutingKey(String routingKey) {
        if ("ingress.event.procstart".equals(routingKey)) {
            return Optional.of(PROCESS_START);
        }
        for (EventKind kind : values()) {
            if (kind.routingKey.filter(routingKey::equals).isPresent()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
