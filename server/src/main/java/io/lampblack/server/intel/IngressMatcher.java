package io.lampblack.server.intel;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbIpAddr;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carbon Black's ingress feed matching: every arriving event is checked against the indicators of every enabled
 * feed, before it is indexed. What is checked:
 * <ul>
 *   <li>binaries: the MD5 and SHA-256 of a process start, a module load, a child process, the last write of a file,
 *       and of module-info events (a hit on a module-info event is a binary hit, the others process hits);</li>
 *   <li>network: the remote IPv4 or IPv6 address of a connection and its domain name.</li>
 * </ul>
 * Feeds are swapped in and out whole ({@link #put}, {@link #remove}) while matching goes on: readers see one
 * consistent set of indexes.
 */
public final class IngressMatcher {

    /** A hit: the feed's report and indicator, and which event of the upload carried it. */
    public record Match(int eventIndex, boolean binary, IocIndex.Hit hit) {}

    private volatile Map<Long, IocIndex> feeds = Map.of();

    public synchronized void put(IocIndex index) {
        Map<Long, IocIndex> next = new HashMap<>(feeds);
        next.put(index.feedId(), index);
        feeds = Map.copyOf(next);
    }

    public synchronized void remove(long feedId) {
        Map<Long, IocIndex> next = new HashMap<>(feeds);
        next.remove(feedId);
        feeds = Map.copyOf(next);
    }

    /** The indexes of the enabled feeds now loaded (their query indicators are run by {@link WatchlistRunner}). */
    public java.util.Collection<IocIndex> loaded() {
        return feeds.values();
    }

    public boolean isEmpty() {
        return feeds.isEmpty();
    }

    /** Every hit in the upload, in event order; empty (and nearly free) when no feed is loaded. */
    public List<Match> match(DecodedEventLog log) {
        Map<Long, IocIndex> current = feeds;
        if (current.isEmpty()) return List.of();
        List<Match> out = new ArrayList<>(0);
        List<CbEventMsg> events = log.events();
        for (int i = 0; i < events.size(); i++) {
            for (IocIndex ix : current.values()) match(events.get(i), i, ix, out);
        }
        return out;
    }

    private static void match(CbEventMsg ev, int i, IocIndex ix, List<Match> out) {
        if (ev.hasProcess()) {
            hashes(ev.getProcess().getMd5Hash(), ev.getProcess().getSha256Hash(), i, false, ix, out);
        } else if (ev.hasModload()) {
            hashes(ev.getModload().getMd5Hash(), ev.getModload().getSha256Hash(), i, false, ix, out);
        } else if (ev.hasChildproc()) {
            hashes(ev.getChildproc().getMd5Hash(), ev.getChildproc().getSha256Hash(), i, false, ix, out);
        } else if (ev.hasFilemod()) {
            CbFileModMsg f = ev.getFilemod();
            if (f.getAction() == CbFileModMsg.CbFileModAction.actionFileModLastWrite) {
                hashes(f.getMd5Hash(), f.getSha256Hash(), i, false, ix, out);
            }
        } else if (ev.hasModule()) {
            ByteString md5 = ev.getModule().getMd5();
            // Module-info MD5s come as 32 ASCII hex digits or as 16 raw bytes.
            if (md5.size() == 32 && Hashes.isAsciiHex(md5))
                md5 = ByteString.fromHex(md5.toStringUtf8().toLowerCase(java.util.Locale.ROOT));
            hashes(md5, ev.getModule().getSha256(), i, true, ix, out);
        } else if (ev.hasNetwork()) {
            CbNetConnMsg n = ev.getNetwork();
            int raw = n.hasRemoteIpAddress() ? n.getRemoteIpAddress() : n.getIpv4Address();
            add(ix.ipv4(NetOrder.ipv4ToInt(raw)), i, false, out);
            domain(n.getUtf8Netpath(), i, ix, out);
        } else if (ev.hasNetworkv2()) {
            CbNetConnMsgv2 n = ev.getNetworkv2();
            CbIpAddr remote = n.getRemoteIpAddress();
            if (remote.getBIsIpv6()) {
                byte[] v6 = NetOrder.ipv6Bytes(remote);
                add(ix.ipv6(v6), i, false, out);
                if (NetOrder.isIpv4Mapped(v6)) add(ix.ipv4(NetOrder.mappedIpv4(v6)), i, false, out);
            } else {
                add(ix.ipv4(NetOrder.ipv4ToInt(remote.getIpv4Address())), i, false, out);
            }
            domain(n.getUtf8Netpath(), i, ix, out);
        }
    }

    private static void hashes(ByteString md5, ByteString sha256, int i, boolean binary, IocIndex ix, List<Match> out) {
        if (md5.size() == 16) add(ix.md5(md5.toByteArray()), i, binary, out);
        if (sha256.size() == 32) add(ix.sha256(sha256.toByteArray()), i, binary, out);
    }

    private static void domain(ByteString name, int i, IocIndex ix, List<Match> out) {
        if (!name.isEmpty()) add(ix.dns(name.toStringUtf8()), i, false, out);
    }

    private static void add(List<IocIndex.Hit> hits, int i, boolean binary, List<Match> out) {
        for (IocIndex.Hit h : hits) out.add(new Match(i, binary, h));
    }
}
