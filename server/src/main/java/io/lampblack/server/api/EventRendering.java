package io.lampblack.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.SegmentId;
import io.lampblack.protocol.events.SensorEvents.CbChildProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbCrossProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbIpAddr;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import io.lampblack.protocol.events.SensorEvents.CbProcessBlockedMsg;
import io.lampblack.server.process.SegmentAssembler;

/**
 * Renders stored raw events as the {@code *_complete} arrays of the event endpoints (reference rest_api.md §5.4):
 * pipe strings in v1, netconn objects from v2, childproc objects from v3, netconn IPs as dotted strings in v4.
 */
final class EventRendering {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    final ArrayNode modload = F.arrayNode();
    final ArrayNode filemod = F.arrayNode();
    final ArrayNode regmod = F.arrayNode();
    final ArrayNode netconn = F.arrayNode();
    final ArrayNode childproc = F.arrayNode();
    final ArrayNode crossproc = F.arrayNode();
    final ArrayNode processblock = F.arrayNode();

    private final int apiVersion;
    private final int sensorId;

    EventRendering(int apiVersion, int sensorId) {
        this.apiVersion = apiVersion;
        this.sensorId = sensorId;
    }

    void addAll(byte[] framedEvents) {
        for (CbEventMsg ev : EventLogReader.lenient(framedEvents)) add(ev);
    }

    void putInto(ObjectNode process) {
        process.set("modload_complete", modload);
        process.set("filemod_complete", filemod);
        process.set("regmod_complete", regmod);
        process.set("netconn_complete", netconn);
        process.set("childproc_complete", childproc);
        process.set("crossproc_complete", crossproc);
        process.set("processblock_complete", processblock);
    }

    private void add(CbEventMsg ev) {
        long ts = FileTimes.toEpochMillis(ev.getHeader().getTimestamp());
        String time = FileTimes.eventTime(ts);
        String path = SegmentAssembler.pathOf(ev);
        if (ev.hasModload()) {
            modload.add(time + "|" + Hashes.hexLower(ev.getModload().getMd5Hash()) + "|" + path);
        } else if (ev.hasFilemod()) {
            CbFileModMsg f = ev.getFilemod();
            String md5 = f.hasMd5Hash() ? Hashes.hexLower(f.getMd5Hash()) : "";
            String type = f.hasType() ? Integer.toString(f.getType().getNumber()) : "";
            filemod.add(
                    f.getAction().getNumber() + "|" + time + "|" + path + "|" + md5 + "|" + type + "|" + f.getTamper());
        } else if (ev.hasRegmod()) {
            regmod.add(ev.getRegmod().getAction().getNumber() + "|" + time + "|"
                    + ev.getRegmod().getUtf8Regpath().toStringUtf8() + "|"
                    + ev.getRegmod().getTamper());
        } else if (ev.hasNetwork()) {
            CbNetConnMsg n = ev.getNetwork();
            int remoteRaw = n.hasRemoteIpAddress() ? n.getRemoteIpAddress() : n.getIpv4Address();
            int remotePort = NetOrder.port(n.hasRemotePort() ? n.getRemotePort() : n.getPort());
            netconn(
                    time,
                    NetOrder.ipv4ToInt(remoteRaw),
                    NetOrder.ipv4ToString(remoteRaw),
                    remotePort,
                    NetOrder.ipv4ToInt(n.getLocalIpAddress()),
                    NetOrder.ipv4ToString(n.getLocalIpAddress()),
                    NetOrder.port(n.getLocalPort()),
                    NetOrder.ipv4ToInt(n.getProxyIpv4Address()),
                    NetOrder.ipv4ToString(n.getProxyIpv4Address()),
                    NetOrder.port(n.getProxyPort()),
                    n.getProtocol().getNumber(),
                    n.getUtf8Netpath().toStringUtf8(),
                    n.getOutbound());
        } else if (ev.hasNetworkv2()) {
            CbNetConnMsgv2 n = ev.getNetworkv2();
            netconn(
                    time,
                    v4(n.getRemoteIpAddress()),
                    NetOrder.ipToString(n.getRemoteIpAddress()),
                    NetOrder.port(n.getRemotePort()),
                    v4(n.getLocalIpAddress()),
                    NetOrder.ipToString(n.getLocalIpAddress()),
                    NetOrder.port(n.getLocalPort()),
                    v4(n.getProxyIpAddress()),
                    NetOrder.ipToString(n.getProxyIpAddress()),
                    NetOrder.port(n.getProxyPort()),
                    n.getProtocol().getNumber(),
                    n.getUtf8Netpath().toStringUtf8(),
                    n.getOutbound());
        } else if (ev.hasChildproc()) {
            childproc(ev.getChildproc(), time, ts);
        } else if (ev.hasCrossproc()) {
            crossproc(ev.getCrossproc(), time);
        } else if (ev.hasBlocked()) {
            CbProcessBlockedMsg b = ev.getBlocked();
            ObjectNode o = F.objectNode();
            o.put("timestamp", time);
            o.put("block_type", b.getBlockedType().getNumber());
            o.put("block_event", b.getBlockedEvent().getNumber());
            o.put("block_result", b.getBlockResult().getNumber());
            o.put("block_error", Integer.toUnsignedLong(b.getBlockError()));
            o.put("blocked_md5", Hashes.hexLower(b.getBlockedmd5Hash()));
            o.put("blocked_path", b.getBlockedPath());
            o.put("blocked_cmdline", b.getBlockedCmdline());
            o.put("blocked_uid", b.getBlockedUid());
            o.put("blocked_username", b.getBlockedUsername());
            processblock.add(o.toString());
        }
    }

    private static int v4(CbIpAddr a) {
        return a.getBIsIpv6() ? 0 : NetOrder.ipv4ToInt(a.getIpv4Address());
    }

    private void netconn(
            String time,
            int remoteInt,
            String remoteText,
            int remotePort,
            int localInt,
            String localText,
            int localPort,
            int proxyInt,
            String proxyText,
            int proxyPort,
            int proto,
            String domain,
            boolean outbound) {
        if (apiVersion <= 1) {
            // v1: remote IPv4 as a signed 32-bit int; the port is the remote port outbound, the local port inbound.
            netconn.add(time + "|" + remoteInt + "|" + (outbound ? remotePort : localPort) + "|" + proto + "|" + domain
                    + "|" + outbound);
            return;
        }
        ObjectNode o = F.objectNode();
        o.put("timestamp", time);
        if (apiVersion >= 4) {
            o.put("remote_ip", remoteText);
            o.put("local_ip", localText);
            o.put("proxy_ip", proxyText);
        } else {
            o.put("remote_ip", remoteInt);
            o.put("local_ip", localInt);
            o.put("proxy_ip", proxyInt);
        }
        o.put("remote_port", remotePort);
        o.put("local_port", localPort);
        o.put("proxy_port", proxyPort);
        o.put("proto", proto);
        o.put("domain", domain);
        o.put("direction", Boolean.toString(outbound));
        netconn.add(o);
    }

    private void childproc(CbChildProcessMsg c, String time, long ts) {
        ProcessGuid child = new ProcessGuid(sensorId, (int) c.getPid(), c.getCreateTime());
        String childUnique = SegmentId.uniqueId(child, SegmentId.WHOLE_PROCESS);
        String md5 = Hashes.hexLower(c.getMd5Hash());
        boolean suppressed = c.hasSuppressed() && c.getSuppressed().getBIsSuppressed();
        if (apiVersion <= 2) {
            childproc.add(time + "|" + childUnique + "|" + md5 + "|" + c.getPath() + "|" + (int) c.getPid() + "|"
                    + c.getCreated() + "|" + c.getTamper());
            return;
        }
        ObjectNode o = F.objectNode();
        o.put("processId", child.toString());
        o.put("md5", md5);
        o.put("path", c.getPath());
        o.put("pid", (int) c.getPid());
        o.put("type", c.getCreated() ? "start" : "end");
        o.put("start", c.getCreated() ? time : FileTimes.eventTime(FileTimes.toEpochMillis(c.getCreateTime())));
        if (c.getCreated()) o.putNull("end");
        else o.put("end", time);
        o.put("is_suppressed", suppressed);
        o.put("is_tampered", c.getTamper());
        o.put("commandLine", c.getCommandline().toStringUtf8());
        o.put("userName", c.getUsername());
        childproc.add(o);
    }

    private void crossproc(CbCrossProcessMsg x, String time) {
        StringBuilder sb = new StringBuilder();
        if (x.hasOpen()) {
            var o = x.getOpen();
            ProcessGuid target = new ProcessGuid(sensorId, o.getTargetPid(), o.getTargetProcCreateTime());
            sb.append("ProcessOpen|")
                    .append(time)
                    .append('|')
                    .append(SegmentId.uniqueId(target, SegmentId.WHOLE_PROCESS))
                    .append('|')
                    .append(Hashes.hexLower(o.getTargetProcMd5()))
                    .append('|')
                    .append(o.getTargetProcPath())
                    .append('|')
                    .append(o.getType().getNumber())
                    .append('|')
                    .append(Integer.toUnsignedLong(o.getRequestedAccess()))
                    .append('|')
                    .append(x.getTamper());
        } else {
            var t = x.getRemotethread();
            ProcessGuid target = new ProcessGuid(sensorId, t.getRemoteProcPid(), t.getRemoteProcCreateTime());
            sb.append("RemoteThread|")
                    .append(time)
                    .append('|')
                    .append(SegmentId.uniqueId(target, SegmentId.WHOLE_PROCESS))
                    .append('|')
                    .append(Hashes.hexLower(t.getRemoteProcMd5()))
                    .append('|')
                    .append(t.getRemoteProcPath())
                    .append("|0|0|")
                    .append(x.getTamper())
                    .append('|')
                    .append(x.getIsTarget());
        }
        crossproc.add(sb.toString());
    }
}
