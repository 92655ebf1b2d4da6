package io.lampblack.server.ingress;

import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbCrossProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileType;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import io.lampblack.server.process.SegmentAssembler;
import java.util.List;

/** What an event is about, as the filter lists see it: lowered texts, read only when a filter asks. */
final class EventTargets {

    private EventTargets() {}

    /** The image path of a process start, from the event's string dictionary or its header. */
    static String processPath(CbEventMsg ev) {
        String path = SegmentAssembler.pathOf(ev);
        return path.isEmpty() ? ev.getHeader().getProcessPath() : path;
    }

    /** The process MD5 of a process start (header first, as the segment assembler reads it), lower-case hex. */
    static String processMd5(CbEventMsg ev) {
        CbHeaderMsg h = ev.getHeader();
        return h.hasProcessMd5()
                ? Hashes.hexLower(h.getProcessMd5())
                : Hashes.hexLower(ev.getProcess().getMd5Hash());
    }

    /**
     * The texts an event-type list is matched against: the registry path of a regmod, the module path of a modload,
     * the file path of a filemod, the target process path of a cross-process event, and for a netconn its domain,
     * its remote address and {@code address:port}. Empty for other kinds.
     */
    static List<String> of(EventKind kind, CbEventMsg ev) {
        return switch (kind) {
            case REG_MOD ->
                List.of(Wildcard.lower(ev.getRegmod().getUtf8Regpath().toStringUtf8()));
            case MODULE_LOAD, FILE_MOD -> List.of(Wildcard.lower(SegmentAssembler.pathOf(ev)));
            case CROSS_PROCESS_OPEN, REMOTE_THREAD -> List.of(Wildcard.lower(crossprocTarget(ev.getCrossproc())));
            case NET_CONN -> netconn(ev);
            default -> List.of();
        };
    }

    /** A filemod of a file that is not an executable image (PE, ELF, universal binary) nor of unknown type. */
    static boolean nonBinaryFilemod(CbEventMsg ev) {
        if (!ev.hasFilemod() || !ev.getFilemod().hasType()) return false;
        CbFileType t = ev.getFilemod().getType();
        return t != CbFileType.filetypePe
                && t != CbFileType.filetypeElf
                && t != CbFileType.filetypeUniversalBin
                && t != CbFileType.filetypeUnknown;
    }

    private static String crossprocTarget(CbCrossProcessMsg x) {
        return x.hasOpen()
                ? x.getOpen().getTargetProcPath()
                : x.getRemotethread().getRemoteProcPath();
    }

    private static List<String> netconn(CbEventMsg ev) {
        String domain;
        String address;
        int port;
        if (ev.hasNetworkv2()) {
            CbNetConnMsgv2 n = ev.getNetworkv2();
            domain = n.getUtf8Netpath().toStringUtf8();
            address = NetOrder.ipToString(n.getRemoteIpAddress());
            port = NetOrder.port(n.getRemotePort());
        } else {
            CbNetConnMsg n = ev.getNetwork();
            domain = n.getUtf8Netpath().toStringUtf8();
            address = NetOrder.ipv4ToString(n.hasRemoteIpAddress() ? n.getRemoteIpAddress() : n.getIpv4Address());
            port = NetOrder.port(n.hasRemotePort() ? n.getRemotePort() : n.getPort());
        }
        return List.of(Wildcard.lower(domain), Wildcard.lower(address), Wildcard.lower(address + ":" + port));
    }
}
