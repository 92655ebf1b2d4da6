package io.lampblack.server.support;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbRegModMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;

/**
 * Raw events of one made-up host, for tests that need processes with given paths, command lines, parents and
 * events: each process is known by its pid, with a create time derived from it.
 */
public final class HostEvents {

    private static final long BASE = FileTimes.fromEpochMillis(1_760_000_000_000L);

    private HostEvents() {}

    public static long createTime(int pid) {
        return BASE + pid * 10_000L;
    }

    private static CbHeaderMsg.Builder header(int pid) {
        return CbHeaderMsg.newBuilder()
                .setVersion(4)
                .setTimestamp(createTime(pid) + 1)
                .setProcessPid(pid)
                .setProcessCreateTime(createTime(pid));
    }

    /** A process start; {@code parentPid} 0 for none. */
    public static CbEventMsg start(int pid, int parentPid, String path, String cmdline, String md5) {
        CbProcessMsg.Builder p = CbProcessMsg.newBuilder()
                .setPid(pid)
                .setCreated(true)
                .setCommandline(ByteString.copyFromUtf8(cmdline))
                .setMd5Hash(ByteString.fromHex(md5))
                .setUsername("SYSTEM");
        if (parentPid != 0) p.setParentPid(parentPid).setParentCreateTime(createTime(parentPid));
        return CbEventMsg.newBuilder()
                .setHeader(header(pid).setProcessPath(path).setFilepathStringGuid(7))
                .addStrings(CbStringMsg.newBuilder().setGuid(7).setUtf8String(ByteString.copyFromUtf8(path)))
                .setProcess(p)
                .build();
    }

    /** A process end. */
    public static CbEventMsg end(int pid) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid))
                .setProcess(CbProcessMsg.newBuilder().setPid(pid).setCreated(false))
                .build();
    }

    public static CbEventMsg netconn(int pid, String domain, String ipv4, int port) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid))
                .setNetwork(CbNetConnMsg.newBuilder()
                        .setUtf8Netpath(ByteString.copyFromUtf8(domain))
                        .setIpv4Address(NetOrder.ipv4FromString(ipv4))
                        .setPort(NetOrder.rawPort(port))
                        .setProtocol(io.lampblack.protocol.events.SensorEvents.ProtocolType.ProtoTcp)
                        .setOutbound(true))
                .build();
    }

    public static CbEventMsg regmod(int pid, String key) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid))
                .setRegmod(CbRegModMsg.newBuilder()
                        .setAction(CbRegModMsg.CbRegModAction.actionRegModWriteValue)
                        .setUtf8Regpath(ByteString.copyFromUtf8(key)))
                .build();
    }

    public static CbEventMsg filemod(int pid, String path, CbFileModMsg.CbFileType type) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid).setFilepathStringGuid(9))
                .addStrings(CbStringMsg.newBuilder().setGuid(9).setUtf8String(ByteString.copyFromUtf8(path)))
                .setFilemod(CbFileModMsg.newBuilder()
                        .setAction(CbFileModMsg.CbFileModAction.actionFileModWrite)
                        .setType(type))
                .build();
    }
}
