package io.lampblack.server.process;

import io.lampblack.protocol.ProcessGuid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One immutable segment: the events of one process from one upload, plus the process metadata every segment
 * repeats. Filled by {@link SegmentAssembler}; read by the indexer. The event-derived term sets are already
 * deduplicated, which is where most of the indexing time is saved (a process loads the same modules and touches
 * the same keys again and again).
 */
public final class ProcessSegment {

    public final ProcessGuid guid;
    public final String guidText;
    public final long segmentId;
    public final SensorContext sensor;
    public final long serverTime;

    ProcessMetadata meta;
    long minEventMillis = Long.MAX_VALUE;
    long maxEventMillis = Long.MIN_VALUE;
    boolean terminated;
    boolean tampered;
    int modloads, filemods, regmods, netconns, childprocs, crossprocs, processblocks, emets;

    Set<String> modloadPaths;
    Set<String> filemodPaths;
    Set<String> regmodPaths;
    Set<String> domains;
    Set<String> childprocNames;
    Set<String> crossprocNames;
    Set<String> crossprocTypes;
    Set<String> md5s;
    Set<String> childprocMd5s;
    Set<String> crossprocMd5s;
    Set<String> filewriteMd5s;
    Set<String> modloadMd5s;
    Set<String> blockedMd5s;
    int[] ipv4 = new int[4];
    int ipv4Count;
    int[] ports = new int[4];
    int portCount;
    /** Remote IPv6 addresses, 16 network-order bytes each; rare, so a plain list. */
    List<byte[]> ipv6;

    private byte[] events = new byte[1024];
    private int eventsLength;
    int eventCount;

    ProcessSegment(ProcessGuid guid, long segmentId, SensorContext sensor, long serverTime) {
        this.guid = guid;
        this.guidText = guid.toString();
        this.segmentId = segmentId;
        this.sensor = sensor;
        this.serverTime = serverTime;
    }

    /** Appends one event (its record in the upload's framing), without the header fields that repeat the process. */
    void appendEvent(byte[] framed, int frameOffset, int frameLength) {
        // Room for the event as is plus the compactor's working margin.
        int need = eventsLength + frameLength + 16;
        if (need > events.length) {
            events = Arrays.copyOf(events, Math.max(events.length * 2, need));
        }
        eventsLength += CompactEvent.write(framed, frameOffset + 4, frameLength - 4, events, eventsLength);
        eventCount++;
    }

    /** Term sets are created on first use: most segments leave most of them empty. */
    static Set<String> add(Set<String> set, String value) {
        Set<String> s = set == null ? new HashSet<>(8) : set;
        s.add(value);
        return s;
    }

    private static Set<String> orEmpty(Set<String> set) {
        return set == null ? Set.of() : set;
    }

    void eventTime(long millis) {
        if (millis < minEventMillis) minEventMillis = millis;
        if (millis > maxEventMillis) maxEventMillis = millis;
    }

    void addIpv4(int address) {
        for (int i = 0; i < ipv4Count; i++) if (ipv4[i] == address) return;
        if (ipv4Count == ipv4.length) ipv4 = Arrays.copyOf(ipv4, ipv4Count * 2);
        ipv4[ipv4Count++] = address;
    }

    void addIpv6(byte[] address) {
        if (ipv6 == null) ipv6 = new ArrayList<>(2);
        for (byte[] known : ipv6) if (Arrays.equals(known, address)) return;
        ipv6.add(address);
    }

    void addPort(int port) {
        for (int i = 0; i < portCount; i++) if (ports[i] == port) return;
        if (portCount == ports.length) ports = Arrays.copyOf(ports, portCount * 2);
        ports[portCount++] = port;
    }

    public ProcessMetadata meta() {
        return meta;
    }

    public String uniqueId() {
        return io.lampblack.protocol.SegmentId.uniqueId(guidText, segmentId);
    }
    /** Sensor-clock time of the last event (or of the upload when the segment has no timed event). */
    public long lastUpdate() {
        return maxEventMillis == Long.MIN_VALUE ? serverTime : maxEventMillis;
    }

    public long firstUpdate() {
        return minEventMillis == Long.MAX_VALUE ? serverTime : minEventMillis;
    }

    public boolean terminated() {
        return terminated;
    }

    public boolean tampered() {
        return tampered;
    }

    public int modloadCount() {
        return modloads;
    }

    public int filemodCount() {
        return filemods;
    }

    public int regmodCount() {
        return regmods;
    }

    public int netconnCount() {
        return netconns;
    }

    public int childprocCount() {
        return childprocs;
    }

    public int crossprocCount() {
        return crossprocs;
    }

    public int processblockCount() {
        return processblocks;
    }

    public int emetCount() {
        return emets;
    }

    public Set<String> modloadPaths() {
        return orEmpty(modloadPaths);
    }

    public Set<String> filemodPaths() {
        return orEmpty(filemodPaths);
    }

    public Set<String> regmodPaths() {
        return orEmpty(regmodPaths);
    }

    public Set<String> domains() {
        return orEmpty(domains);
    }

    public Set<String> childprocNames() {
        return orEmpty(childprocNames);
    }

    public Set<String> crossprocNames() {
        return orEmpty(crossprocNames);
    }

    public Set<String> crossprocTypes() {
        return orEmpty(crossprocTypes);
    }
    /** Union of process, parent, child, modload and filewrite MD5s (the `md5` search field). */
    public Set<String> md5s() {
        return orEmpty(md5s);
    }

    public Set<String> childprocMd5s() {
        return orEmpty(childprocMd5s);
    }

    public Set<String> crossprocMd5s() {
        return orEmpty(crossprocMd5s);
    }

    public Set<String> filewriteMd5s() {
        return orEmpty(filewriteMd5s);
    }

    public Set<String> modloadMd5s() {
        return orEmpty(modloadMd5s);
    }

    public Set<String> blockedMd5s() {
        return orEmpty(blockedMd5s);
    }

    public int[] ipv4Addresses() {
        return Arrays.copyOf(ipv4, ipv4Count);
    }

    public int[] ports() {
        return Arrays.copyOf(ports, portCount);
    }
    /** Remote IPv6 addresses (16 network-order bytes each). */
    public List<byte[]> ipv6Addresses() {
        return ipv6 == null ? List.of() : List.copyOf(ipv6);
    }

    public int eventCount() {
        return eventCount;
    }

    /** The segment's raw events in event-log framing, stored so the event endpoints can render them. */
    public byte[] eventBytes() {
        return Arrays.copyOf(events, eventsLength);
    }
}
