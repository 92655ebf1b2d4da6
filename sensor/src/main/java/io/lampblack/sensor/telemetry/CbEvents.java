package io.lampblack.sensor.telemetry;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbChildProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleInfoMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleLoadMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;
import io.lampblack.protocol.events.SensorEvents.ProtocolType;
import io.lampblack.sensor.telemetry.FileHasher.FileHash;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds each kind of event the way a Carbon Black sensor encodes it (reference bus_and_events.md §2): header
 * version 4, FILETIME timestamps, the process context (pid, create time, legacy id, image path and hashes) in every
 * process event's header, paths through the event's string dictionary, MD5 and SHA-256 as raw bytes, except in module
 * info where the MD5 is 32 upper-case ASCII hex characters as Windows sensors send it.
 */
final class CbEvents {

    /** Header version of every current Carbon Black sensor. */
    static final int HEADER_VERSION = 4;

    /** Uploaded binaries are cut at 25 MiB (the server's and Carbon Black's limit), as CopiedModuleLength says. */
    static final long MAX_COPIED = 25L * 1024 * 1024;

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() & 0xFFFF_FFFFL);

    private CbEvents() {}

    static long now() {
        return FileTimes.fromEpochMillis(System.currentTimeMillis());
    }

    private static long nextId() {
        return IDS.incrementAndGet() & Long.MAX_VALUE;
    }

    /** The header naming the process an event belongs to; {@code forkPid} when a forked child of it acted. */
    static CbHeaderMsg.Builder header(ProcessImage p, int forkPid, long timestamp) {
        CbHeaderMsg.Builder h = CbHeaderMsg.newBuilder()
                .setVersion(HEADER_VERSION)
                .setTimestamp(timestamp)
                .setProcessGuid(p.legacyId())
                .setProcessCreateTime(p.createTime())
                .setProcessPid(p.pid())
                .setProcessPath(p.path());
        p.hashNow()
                .ifPresent(hash -> h.setProcessMd5(ByteString.copyFrom(hash.md5()))
                        .setProcessSha256(ByteString.copyFrom(hash.sha256())));
        if (forkPid > 0 && forkPid != p.pid()) {
            h.setForkPid(forkPid);
        }
        return h;
    }

    private static CbStringMsg path(long id, String path) {
        return CbStringMsg.newBuilder()
                .setGuid(id)
                .setUtf8String(ByteString.copyFromUtf8(path))
                .setStringType(CbStringMsg.CbStringType.typeFilepath)
                .build();
    }

    /** Process start ({@code created} true); timestamp no earlier than the creation. */
    static CbEventMsg processStart(ProcessImage p, long timestamp) {
        long ts = Math.max(timestamp, p.createTime());
        long pathId = nextId();
        CbHeaderMsg.Builder h = header(p, 0, ts).setFilepathStringGuid(pathId).setProcessFilepathStringGuid(pathId);
        ProcessImage parent = p.parent();
        CbProcessMsg.Builder m = CbProcessMsg.newBuilder()
                .setPid(p.pid())
                .setCreated(true)
                .setParentPid(parent.pid())
                .setParentCreateTime(parent.createTime())
                .setParentGuid(parent.legacyId())
                .setCommandline(ByteString.copyFromUtf8(p.cmdline()))
                .setParentPath(parent.path())
                .setCreationobserved(p.creationObserved());
        if (p.uid() >= 0) {
            m.setUid(Integer.toString(p.uid())).setUsername(p.username());
        }
        p.hashNow()
                .ifPresent(hash -> m.setMd5Hash(ByteString.copyFrom(hash.md5()))
                        .setSha256Hash(ByteString.copyFrom(hash.sha256())));
        parent.hashNow()
                .ifPresent(hash -> m.setParentMd5(ByteString.copyFrom(hash.md5()))
                        .setParentSha256(ByteString.copyFrom(hash.sha256())));
        return CbEventMsg.newBuilder()
                .setHeader(h)
                .addStrings(path(pathId, p.path()))
                .setProcess(m)
                .build();
    }

    /** Process end ({@code created} false). */
    static CbEventMsg processEnd(ProcessImage p, long timestamp) {
        long pathId = nextId();
        ProcessImage parent = p.parent();
        return CbEventMsg.newBuilder()
                .setHeader(header(p, 0, Math.max(timestamp, p.createTime()))
                        .setFilepathStringGuid(pathId)
                        .setProcessFilepathStringGuid(pathId))
                .addStrings(path(pathId, p.path()))
                .setProcess(CbProcessMsg.newBuilder()
                        .setPid(p.pid())
                        .setCreated(false)
                        .setParentPid(parent.pid())
                        .setParentCreateTime(parent.createTime()))
                .build();
    }

    /**
     * A child's start or end in its parent's context. {@code forkPid}: the parent's forked child that ran the exec,
     * when not the parent itself.
     */
    static CbEventMsg childProcess(
            ProcessImage parent, ProcessImage child, int forkPid, boolean created, long timestamp) {
        CbChildProcessMsg.Builder c = CbChildProcessMsg.newBuilder()
                .setCreated(created)
                .setParentGuid(parent.legacyId())
                .setChildGuid(child.legacyId())
                .setPath(child.path())
                .setPid(child.pid())
                .setCreateTime(child.createTime())
                .setChildProcType(CbChildProcessMsg.CbChildProcType.childProcExec);
        if (created) {
            c.setCommandline(ByteString.copyFromUtf8(child.cmdline())).setUsername(child.username());
        }
        child.hashNow()
                .ifPresentOrElse(
                        hash -> c.setMd5Hash(ByteString.copyFrom(hash.md5()))
                                .setSha256Hash(ByteString.copyFrom(hash.sha256())),
                        () -> c.setMd5Hash(ByteString.EMPTY));
        return CbEventMsg.newBuilder()
                .setHeader(header(parent, forkPid, Math.max(timestamp, child.createTime())))
                .setChildproc(c)
                .build();
    }

    /** A shared object (or the executable) mapped into a process. */
    static CbEventMsg moduleLoad(ProcessImage p, int forkPid, String path, Optional<FileHash> hash, long timestamp) {
        long pathId = nextId();
        CbModuleLoadMsg.Builder m =
                CbModuleLoadMsg.newBuilder().setGuid(nextId()).setHandlepathStringGuid(pathId);
        hash.ifPresentOrElse(
                h -> m.setMd5Hash(ByteString.copyFrom(h.md5())).setSha256Hash(ByteString.copyFrom(h.sha256())),
                () -> m.setMd5Hash(ByteString.EMPTY));
        return CbEventMsg.newBuilder()
                .setHeader(header(p, forkPid, timestamp).setFilepathStringGuid(pathId))
                .addStrings(path(pathId, path))
                .setModload(m)
                .build();
    }

    /** A network connection (the v2 form, which carries IPv6). Ports are raw network-order fields. */
    static CbEventMsg netConn(ProcessImage p, int forkPid, NetworkWatcher.Connection c, String domain, long ts) {
        CbNetConnMsgv2.Builder n = CbNetConnMsgv2.newBuilder()
                .setProtocol(c.tcp() ? ProtocolType.ProtoTcp : ProtocolType.ProtoUdp)
                .setOutbound(c.outbound())
                .setRemoteIpAddress(NetOrder.toCbIpAddr(c.remote()))
                .setRemotePort(NetOrder.rawPort(c.remotePort()))
                .setLocalIpAddress(NetOrder.toCbIpAddr(c.local()))
                .setLocalPort(NetOrder.rawPort(c.localPort()));
        if (!domain.isEmpty()) {
            n.setUtf8Netpath(ByteString.copyFromUtf8(domain));
        }
        return CbEventMsg.newBuilder()
                .setHeader(header(p, forkPid, ts))
                .setNetworkv2(n)
                .build();
    }

    /** A file modification; {@code md5}/{@code type} only with LastWrite, as Carbon Black sends them. */
    static CbEventMsg fileMod(
            ProcessImage p,
            int forkPid,
            CbFileModMsg.CbFileModAction action,
            String path,
            Optional<FileHash> hash,
            CbFileModMsg.CbFileType type,
            long ts) {
        long pathId = nextId();
        CbFileModMsg.Builder f =
                CbFileModMsg.newBuilder().setGuid(nextId()).setAction(action).setTamper(false);
        if (action == CbFileModMsg.CbFileModAction.actionFileModLastWrite) {
            hash.ifPresent(
                    h -> f.setMd5Hash(ByteString.copyFrom(h.md5())).setSha256Hash(ByteString.copyFrom(h.sha256())));
            f.setType(type);
        }
        return CbEventMsg.newBuilder()
                .setHeader(header(p, forkPid, ts).setFilepathStringGuid(pathId))
                .addStrings(path(pathId, path))
                .setFilemod(f)
                .build();
    }

    /**
     * Module info for a binary: header with version and timestamp only (ms-aligned), md5 and sha256 as upper-case
     * ASCII hex, sizes, the path. An ELF file has no version resource or Authenticode signature, so those fields are
     * left out except the signature result, "Unsigned" with TRUST_E_NOSIGNATURE as Windows sensors report unsigned
     * files.
     */
    static CbEventMsg moduleInfo(FileHash hash, long ts) {
        long size = hash.key().size();
        return CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(HEADER_VERSION).setTimestamp(ts - ts % 10_000))
                .setModule(CbModuleInfoMsg.newBuilder()
                        .setMd5(ascii(hash.md5Hex()))
                        .setSha256(ascii(java.util.HexFormat.of().formatHex(hash.sha256())))
                        .setOriginalModuleLength(size)
                        .setCopiedModuleLength((int) Math.min(size, MAX_COPIED))
                        .setUtf8DigSigResult("Unsigned")
                        .setUtf8DigSigResultCode("0x800b0100")
                        .setUtf8OnDiskFilename(hash.path().toString()))
                .build();
    }

    private static ByteString ascii(String hex) {
        return ByteString.copyFrom(hex.toUpperCase(Locale.ROOT), StandardCharsets.US_ASCII);
    }
}
