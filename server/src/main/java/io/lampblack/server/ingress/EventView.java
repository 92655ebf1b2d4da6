package io.lampblack.server.ingress;

import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.util.List;

/**
 * One event as the filters look at it: what they compare (targets, path, command line, MD5) is read and lowered at
 * most once per event, however many filters ask.
 */
final class EventView {

    final CbEventMsg event;
    final EventKind kind;
    private List<String> targets;
    private String path;
    private String cmdline;
    private String md5;

    EventView(CbEventMsg event) {
        this.event = event;
        this.kind = EventKind.of(event);
    }

    /** The lowered texts the event-type lists match ({@link EventTargets#of}). */
    List<String> targets() {
        if (targets == null) targets = EventTargets.of(kind, event);
        return targets;
    }

    /** A process start's lowered image path. */
    String path() {
        if (path == null) path = Wildcard.lower(EventTargets.processPath(event));
        return path;
    }

    /** A process start's lowered command line. */
    String cmdline() {
        if (cmdline == null)
            cmdline = Wildcard.lower(event.getProcess().getCommandline().toStringUtf8());
        return cmdline;
    }

    /** A process start's MD5, lower-case hex. */
    String md5() {
        if (md5 == null) md5 = EventTargets.processMd5(event);
        return md5;
    }
}
