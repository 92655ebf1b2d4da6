package io.lampblack.server.process;

import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbChildProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbCrossProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbIpAddr;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;

/** What each event type adds to its segment's counts and searchable terms. */
final class EventTerms {

    private EventTerms() {}

    static void collect(CbEventMsg ev, ProcessSegment seg) {
        long pathRef = ev.getHeader().getFilepathStringGuid();
        if (ev.hasModload()) {
            seg.modloads++;
            String path = SegmentAssembler.stringFor(ev, pathRef);
            if (!path.isEmpty()) seg.modloadPaths = ProcessSegment.add(seg.modloadPaths, path);
            String md5 = Hashes.hexLower(ev.getModload().getMd5Hash());
            if (!md5.isEmpty()) {
                seg.modloadMd5s = ProcessSegment.add(seg.modloadMd5s, md5);
                seg.md5s = ProcessSegment.add(seg.md5s, md5);
            }
        } else if (ev.hasFilemod()) {
            seg.filemods++;
            CbFileModMsg f = ev.getFilemod();
            String path = SegmentAssembler.stringFor(ev, pathRef);
            if (!path.isEmpty()) seg.filemodPaths = ProcessSegment.add(seg.filemodPaths, path);
            if (f.getTamper()) seg.tampered = true;
            String md5 = Hashes.hexLower(f.getMd5Hash());
            if (!md5.isEmpty()) {
                seg.filewriteMd5s = ProcessSegment.add(seg.filewriteMd5s, md5);
                seg.md5s = ProcessSegment.add(seg.md5s, md5);
            }
        } else if (ev.hasRegmod()) {
            seg.regmods++;
            String path = ev.getRegmod().getUtf8Regpath().toStringUtf8();
            if (!path.isEmpty()) seg.regmodPaths = ProcessSegment.add(seg.regmodPaths, path);
            if (ev.getRegmod().getTamper()) seg.tampered = true;
        } else if (ev.hasNetwork()) {
            seg.netconns++;
            CbNetConnMsg n = ev.getNetwork();
            int raw = n.hasRemoteIpAddress() ? n.getRemoteIpAddress() : n.getIpv4Address();
            seg.addIpv4(NetOrder.ipv4ToInt(raw));
            seg.addPort(NetOrder.port(n.hasRemotePort() ? n.getRemotePort() : n.getPort()));
            String domain = n.getUtf8Netpath().toStringUtf8();
            if (!domain.isEmpty()) seg.domains = ProcessSegment.add(seg.domains, domain);
        } else if (ev.hasNetworkv2()) {
            seg.netconns++;
            CbNetConnMsgv2 n = ev.getNetworkv2();
            CbIpAddr remote = n.getRemoteIpAddress();
            if (!remote.getBIsIpv6()) {
                seg.addIpv4(NetOrder.ipv4ToInt(remote.getIpv4Address()));
            } else {
                byte[] v6 = NetOrder.ipv6Bytes(remote);
                // An IPv4-mapped address (::ffff:a.b.c.d) is an IPv4 peer: it belongs to ipaddr, as its text form
                // shows.
                if (NetOrder.isIpv4Mapped(v6)) seg.addIpv4(NetOrder.mappedIpv4(v6));
                else seg.addIpv6(v6);
            }
            seg.addPort(NetOrder.port(n.getRemotePort()));
            String domain = n.getUtf8Netpath().toStringUtf8();
            if (!domain.isEmpty()) seg.domains = ProcessSegment.add(seg.domains, domain);
        } else if (ev.hasChildproc()) {
            seg.childprocs++;
            CbChildProcessMsg c = ev.getChildproc();
            String name = ProcessMetadata.fileName(c.getPath());
            if (!name.isEmpty()) seg.childprocNames = ProcessSegment.add(seg.childprocNames, name);
            String md5 = Hashes.hexLower(c.getMd5Hash());
            if (!md5.isEmpty()) {
                seg.childprocMd5s = ProcessSegment.add(seg.childprocMd5s, md5);
                seg.md5s = ProcessSegment.add(seg.md5s, md5);
            }
            if (c.getTamper()) seg.tampered = true;
        } else if (ev.hasCrossproc()) {
            seg.crossprocs++;
            CbCrossProcessMsg x = ev.getCrossproc();
            String path;
            String md5;
            if (x.hasOpen()) {
                path = x.getOpen().getTargetProcPath();
                md5 = Hashes.hexLower(x.getOpen().getTargetProcMd5());
                seg.crossprocTypes = ProcessSegment.add(seg.crossprocTypes, "processopen");
            } else {
                path = x.getRemotethread().getRemoteProcPath();
                md5 = Hashes.hexLower(x.getRemotethread().getRemoteProcMd5());
                seg.crossprocTypes =
                        ProcessSegment.add(seg.crossprocTypes, x.getIsTarget() ? "remotethreadtarget" : "remotethread");
            }
            String name = ProcessMetadata.fileName(path);
            if (!name.isEmpty()) seg.crossprocNames = ProcessSegment.add(seg.crossprocNames, name);
            if (!md5.isEmpty()) seg.crossprocMd5s = ProcessSegment.add(seg.crossprocMd5s, md5);
            if (x.getTamper()) seg.tampered = true;
        } else if (ev.hasBlocked()) {
            seg.processblocks++;
            String md5 = Hashes.hexLower(ev.getBlocked().getBlockedmd5Hash());
            if (!md5.isEmpty()) seg.blockedMd5s = ProcessSegment.add(seg.blockedMd5s, md5);
        } else if (ev.hasEmet()) {
            seg.emets++;
        } else if (ev.hasTamperAlert()) {
            seg.tampered = true;
        }
    }
}
