package io.lampblack.server.intel;

import java.util.List;
import java.util.Optional;

/**
 * A report's indicators, normalised for matching: hashes in lower-case hex, domains in lower case without a trailing
 * dot, IPv4 as the address's 32 bits, IPv6 in canonical text. A report has either a query or any mix of the others
 * (cbfeeds' rule).
 */
public record ReportIocs(
        List<String> md5,
        List<String> sha256,
        List<Integer> ipv4,
        List<String> ipv6,
        List<String> dns,
        List<String> ja3,
        List<String> ja3s,
        Optional<QueryIoc> query) {

    public ReportIocs {
        md5 = List.copyOf(md5);
        sha256 = List.copyOf(sha256);
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        dns = List.copyOf(dns);
        ja3 = List.copyOf(ja3);
        ja3s = List.copyOf(ja3s);
    }

    /** Indicators in all, a query counting as one. */
    public int count() {
        return md5.size()
                + sha256.size()
                + ipv4.size()
                + ipv6.size()
                + dns.size()
                + ja3.size()
                + ja3s.size()
                + (query.isPresent() ? 1 : 0);
    }
}
