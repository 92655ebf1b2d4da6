package io.lampblack.server.intel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * One feed's indicators, ready for matching arriving events: hash, address and domain indicators in
 * {@link PackedKeyTable}s (an MD5 is two longs, a SHA-256 four, an IPv4 address one, an IPv6 address two, a domain
 * its 128-bit hash), reports by ordinal. Immutable once built, so a synchronisation builds a new index and swaps it
 * in while matching goes on. Query indicators are kept aside for the query matcher.
 */
public final class IocIndex {

    /** One indicator of one report matched. */
    public record Hit(long feedId, String reportId, String title, int score, IocType type, String value) {}

    private final long feedId;
    private final String[] reportIds;
    private final String[] titles;
    private final int[] scores;
    private final PackedKeyTable md5;
    private final PackedKeyTable sha256;
    private final PackedKeyTable ipv4;
    private final PackedKeyTable ipv6;
    private final PackedKeyTable dns;
    private final PackedKeyTable ja3;
    private final PackedKeyTable ja3s;
    private final List<Query> queries;

    /** A query indicator with its report. */
    public record Query(String reportId, int score, QueryIoc query) {}

    private IocIndex(Builder b, long feedId) {
        this.feedId = feedId;
        this.reportIds = b.reportIds.toArray(String[]::new);
        this.titles = b.titles.toArray(String[]::new);
        this.scores = b.scores.stream().mapToInt(Integer::intValue).toArray();
        this.md5 = b.md5;
        this.sha256 = b.sha256;
        this.ipv4 = b.ipv4;
        this.ipv6 = b.ipv6;
        this.dns = b.dns;
        this.ja3 = b.ja3;
        this.ja3s = b.ja3s;
        this.queries = List.copyOf(b.queries);
    }

    public long feedId() {
        return feedId;
    }

    public int reports() {
        return reportIds.length;
    }

    /** Distinct hash, address and domain indicators (queries not counted). */
    public long indicators() {
        return (long) md5.distinctKeys()
                + sha256.distinctKeys()
                + ipv4.distinctKeys()
                + ipv6.distinctKeys()
                + dns.distinctKeys()
                + ja3.distinctKeys()
                + ja3s.distinctKeys();
    }

    public List<Query> queries() {
        return queries;
    }

    /** Reports naming this MD5, given as its 16 raw bytes as sensors send it. */
    public List<Hit> md5(byte[] raw) {
        if (raw.length != 16) return List.of();
        return collect(md5, words(raw, 2), IocType.MD5, () -> HexFormat.of().formatHex(raw));
    }

    public List<Hit> sha256(byte[] raw) {
        if (raw.length != 32) return List.of();
        return collect(
                sha256, words(raw, 4), IocType.SHA256, () -> HexFormat.of().formatHex(raw));
    }

    /** Reports naming this IPv4 address (its 32 bits, most significant octet first). */
    public List<Hit> ipv4(int address) {
        return collect(ipv4, new long[] {address & 0xFFFFFFFFL}, IocType.IPV4, () -> dotted(address));
    }

    /** An IPv4 address (most significant octet first) as a dotted quad. */
    static String dotted(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    public List<Hit> ipv6(byte[] raw) {
        if (raw.length != 16) return List.of();
        return collect(ipv6, words(raw, 2), IocType.IPV6, () -> {
            try {
                return InetAddress.getByAddress(raw).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Reports naming this domain (compared in lower case, without a trailing dot). */
    public List<Hit> dns(String domain) {
        String d = normaliseDomain(domain);
        return collect(dns, domainKey(d), IocType.DNS, () -> d);
    }

    public List<Hit> ja3(String hex) {
        return hexHits(ja3, hex, IocType.JA3);
    }

    public List<Hit> ja3s(String hex) {
        return hexHits(ja3s, hex, IocType.JA3S);
    }

    private List<Hit> hexHits(PackedKeyTable table, String hex, IocType type) {
        if (hex.length() != 32) return List.of();
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        return collect(table, words(raw, 2), type, () -> HexFormat.of().formatHex(raw));
    }

    /** The reports naming {@code key}; {@code value} (the indicator as text) is only rendered when one does. */
    private List<Hit> collect(PackedKeyTable table, long[] key, IocType type, Supplier<String> value) {
        int e = table.first(key);
        if (e < 0) return List.of();
        String text = value.get();
        List<Hit> out = new ArrayList<>(2);
        for (; e >= 0; e = table.next(e)) {
            int r = table.report(e);
            out.add(new Hit(feedId, reportIds[r], titles[r], scores[r], type, text));
        }
        return out;
    }

    static String normaliseDomain(String domain) {
        String d = domain.strip().toLowerCase(java.util.Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /** A domain's 128-bit key: two independent 64-bit hashes of its UTF-8 bytes (collisions beyond concern). */
    static long[] domainKey(String normalised) {
        byte[] b = normalised.getBytes(StandardCharsets.UTF_8);
        long h1 = 0xCBF29CE484222325L;
        long h2 = 0x84222325CBF29CE4L ^ b.length;
        for (byte x : b) {
            h1 = (h1 ^ (x & 0xFF)) * 0x100000001B3L;
            h2 = PackedKeyTable.mix(h2 ^ (x & 0xFF));
        }
        return new long[] {PackedKeyTable.mix(h1), h2};
    }

    /** The first {@code bytes} bytes of {@code raw} as one big-endian number. */
    private static long bigEndian(byte[] raw, int bytes) {
        long w = 0;
        for (int i = 0; i < bytes; i++) w = w << 8 | (raw[i] & 0xFF);
        return w;
    }

    private static long[] words(byte[] raw, int n) {
        long[] w = new long[n];
        for (int i = 0; i < n * 8; i++) w[i >> 3] = w[i >> 3] << 8 | (raw[i] & 0xFF);
        return w;
    }

    /** @param expectedIndicators a guess at the MD5 count; the tables grow beyond it */
    public static Builder builder(int expectedIndicators) {
        return new Builder(expectedIndicators);
    }

    /**
     * Collects a feed's reports (as {@link FeedParser} streams them) into an index; the feed's id is given at the
     * end, since a feed being added has none until its document proved valid.
     */
    public static final class Builder implements FeedParser.ReportSink {
        private final List<String> reportIds = new ArrayList<>();
        private final List<String> titles = new ArrayList<>();
        private final List<Integer> scores = new ArrayList<>();
        private final List<Query> queries = new ArrayList<>();
        private final PackedKeyTable md5;
        private final PackedKeyTable sha256 = new PackedKeyTable(4, 16);
        private final PackedKeyTable ipv4;
        private final PackedKeyTable ipv6 = new PackedKeyTable(2, 16);
        private final PackedKeyTable dns;
        private final PackedKeyTable ja3 = new PackedKeyTable(2, 16);
        private final PackedKeyTable ja3s = new PackedKeyTable(2, 16);

        private Builder(int expected) {
            this.md5 = new PackedKeyTable(2, expected);
            this.ipv4 = new PackedKeyTable(1, 16);
            this.dns = new PackedKeyTable(2, 16);
        }

        @Override
        public void report(FeedReport r) {
            int ordinal = reportIds.size();
            reportIds.add(r.id());
            titles.add(r.title());
            scores.add(r.score());
            ReportIocs i = r.iocs();
            for (String h : i.md5()) md5.add(words(HexFormat.of().parseHex(h), 2), ordinal);
            for (String h : i.sha256()) sha256.add(words(HexFormat.of().parseHex(h), 4), ordinal);
            for (String h : i.ja3()) ja3.add(words(HexFormat.of().parseHex(h), 2), ordinal);
            for (String h : i.ja3s()) ja3s.add(words(HexFormat.of().parseHex(h), 2), ordinal);
            for (int a : i.ipv4()) ipv4.add(new long[] {a & 0xFFFFFFFFL}, ordinal);
            for (String a : i.ipv6()) {
                byte[] raw;
                try {
                    raw = InetAddress.getByName(a).getAddress();
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("not an IPv6 literal: " + a, e);
                }
                // An IPv4-mapped literal (::ffff:a.b.c.d) names the IPv4 address.
                if (raw.length == 4) ipv4.add(new long[] {bigEndian(raw, 4)}, ordinal);
                else ipv6.add(words(raw, 2), ordinal);
            }
            for (String d : i.dns()) dns.add(domainKey(normaliseDomain(d)), ordinal);
            i.query().ifPresent(q -> queries.add(new Query(r.id(), r.score(), q)));
        }

        public IocIndex build(long feedId) {
            return new IocIndex(this, feedId);
        }
    }
}
