package io.lampblack.server.group;

import io.lampblack.protocol.EventKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * A group's {@code collect_*} settings (reference §5.7) and the event kinds each one governs. A flag without kinds
 * (file-write MD5s, non-binary file writes, user context, store files) changes what a sensor puts into the events
 * or uploads, not which events exist: it is kept, reported and sent to sensors, but drops nothing at ingest. Kinds
 * no flag governs (tamper, process blocks, process metadata, others) are always collected.
 */
public enum CollectFlag {
    AMSI("collect_amsi", EnumSet.of(EventKind.SCRIPT_EXECUTE, EventKind.FILE_BACKED_SCRIPT_EXECUTE)),
    EMET_EVENTS("collect_emet_events", EnumSet.of(EventKind.EMET_MITIGATION)),
    FILEMODS("collect_filemods", EnumSet.of(EventKind.FILE_MOD)),
    FILEWRITEMD5S("collect_filewritemd5s", EnumSet.noneOf(EventKind.class)),
    CROSS_PROCS("collect_cross_procs", EnumSet.of(EventKind.CROSS_PROCESS_OPEN, EventKind.REMOTE_THREAD)),
    MODULEINFO("collect_moduleinfo", EnumSet.of(EventKind.MODULE_INFO)),
    MODULELOADS("collect_moduleloads", EnumSet.of(EventKind.MODULE_LOAD)),
    NETCONNS("collect_netconns", EnumSet.of(EventKind.NET_CONN)),
    NONBINARY_FILEWRITES("collect_nonbinary_filewrites", EnumSet.noneOf(EventKind.class)),
    PROCESSES("collect_processes", EnumSet.of(EventKind.PROCESS_START, EventKind.PROCESS_END, EventKind.CHILD_PROCESS)),
    REGMODS("collect_regmods", EnumSet.of(EventKind.REG_MOD)),
    STOREFILES("collect_storefiles", EnumSet.noneOf(EventKind.class)),
    USERCONTEXT("collect_usercontext", EnumSet.noneOf(EventKind.class));

    /** Carbon Black's defaults for a new group: everything but file-write MD5s and non-binary file writes. */
    public static final Set<CollectFlag> DEFAULTS =
            EnumSet.complementOf(EnumSet.of(FILEWRITEMD5S, NONBINARY_FILEWRITES));

    private final String field;
    private final Set<EventKind> kinds;

    CollectFlag(String field, Set<EventKind> kinds) {
        this.field = field;
        this.kinds = kinds;
    }

    /** The group field's name, e.g. {@code collect_netconns}. */
    public String field() {
        return field;
    }

    /** The event kinds a group without this flag does not collect. */
    public Set<EventKind> kinds() {
        return kinds;
    }

    /** The event kinds a group collecting {@code flags} collects (every kind no flag governs is always in). */
    public static Set<EventKind> collectedKinds(Set<CollectFlag> flags) {
        Set<EventKind> kinds = EnumSet.allOf(EventKind.class);
        for (CollectFlag f : values()) {
            if (!flags.contains(f)) kinds.removeAll(f.kinds);
        }
        return kinds;
    }
}
