package io.lampblack.server.process;

import io.lampblack.protocol.events.SensorEvents.CbChildProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbCrossProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbIpAddr;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;

/** What each event type adds to its segment's counts and searchable terms. */
final class EventTerms {

    private EventTerms() {
    }

    static void collect(CbEventMsg ev, ProcessSegment seg) {
        long pathRef = ev.getHeader().getFilepathStringGuid();
        if (ev.hasModload()) {
            seg.modloads++;
            String path = SegmentAssembler.stringFor(ev, pathRef);
            if (!path.isEmpty()) seg.modloadPaths.add(path);
            String md5 = SegmentAssembler.hex(ev.getModload().getMd5Hash());
            if (!md5.isEmpty()) {
                seg.modloadMd5s.add(md5);
                seg.md5s.add(md5);
            }
        } else if (ev.hasFilemod()) {
            seg.filemods++;
            CbFileModMsg f = ev.getFilemod();
            String path = SegmentAssembler.stringFor(ev, pathRef);
            if (!path.isEmpty()) seg.filemodPaths.add(path);
            if (f.getTamper()) seg.tampered = true;
            String md5 = SegmentAssembler.hex(f.getMd5Hash());
            if (!md5.isEmpty()) {
                seg.filewriteMd5s.add(md5);
                seg.md5s.add(md5);
            }
        } else if (ev.hasRegmod()) {
            seg.regmods++;
            String path = ev.getRegmod().getUtf8Regpath().toStringUtf8();
            if (!path.isEmpty()) seg.regmodPaths.add(path);
            if (ev.getRegmod().getTamper()) seg.tampered = true;
        } else if (ev.hasNetwork()) {
            seg.netconns++;
            CbNetConnMsg n = ev.getNetwork();
            int raw = n.hasRemoteIpAddress() ? n.getRemoteIpAddress() : n.getIpv4Address();
            seg.addIpv4(Integer.reverseBytes(raw));
            seg.addPort(port(n.hasRemotePort() ? n.getRemotePort() : n.getPort()));
            String domain = n.getUtf8Netpath().toStringUtf8();
            if (!domain.isEmpty()) seg.domains.add(domain);
        } else if (ev.hasNetworkv2()) {
            seg.netconns++;
            CbNetConnMsgv2 n = ev.getNetworkv2();
            CbIpAddr remote = n.getRemoteIpAddress();
            if (!remote.getBIsIpv6()) seg.addIpv4(Integer.reverseBytes(remote.getIpv4Address()));
            seg.addPort(port(n.getRemotePort()));
            String domain = n.getUtf8Netpath().toStringUtf8();
            if (!domain.isEmpty()) seg.domains.add(domain);
        } else if (ev.hasChildproc()) {
            seg.childprocs++;
            CbChildProcessMsg c = ev.getChildproc();
            String name = ProcessMetadata.fileName(c.getPath());
            if (!name.isEmpty()) seg.childprocNames.add(name);
            String md5 = SegmentAssembler.hex(c.getMd5Hash());
            if (!md5.isEmpty()) {
                seg.childprocMd5s.add(md5);
                seg.md5s.add(md5);
            }
            if (c.getTamper()) seg.tampered = true;
        } else if (ev.hasCrossproc()) {
            seg.crossprocs++;
            CbCrossProcessMsg x = ev.getCrossproc();
            String path;
            String md5;
            if (x.hasOpen()) {
                path = x.getOpen().getTargetProcPath();
                md5 = SegmentAssembler.hex(x.getOpen().getTargetProcMd5());
                seg.crossprocTypes.add("processopen");
            } else {
                path = x.getRemotethread().getRemoteProcPath();
                md5 = SegmentAssembler.hex(x.getRemotethread().getRemoteProcMd5());
                seg.crossprocTypes.add(x.getIsTarget() ? "remotethreadtarget" : "remotethread");
            }
            String name = ProcessMetadata.fileName(path);
            if (!name.isEmpty()) seg.crossprocNames.add(name);
            if (!md5.isEmpty()) seg.crossprocMd5s.add(md5);
            if (x.getTamper()) seg.tampered = true;
        } else if (ev.hasBlocked()) {
            seg.processblocks++;
            String md5 = SegmentAssembler.hex(ev.getBlocked().getBlockedmd5Hash());
            if (!md5.isEmpty()) seg.blockedMd5s.add(md5);
        } else if (ev.hasEmet()) {
            seg.emets++;
        } else if (ev.hasTamperAlert()) {
            seg.tampered = true;
        }
    }

    /** Ports arrive as network-order 16-bit values in a uint32 (reference §3.5). */
    static int port(int raw) {
        return ((raw & 0xff) << 8) | ((raw >>> 8) & 0xff);
    }

}
