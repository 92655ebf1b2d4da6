package io.lampblack.server.lucene.query;

import io.lampblack.server.lucene.schema.Ipv4Encoding;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import java.net.Inet4Address;
import java.net.InetAddress;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;

/**
 * Remote addresses: a bare address or a CIDR block ({@code 192.168.1.0/24},
 * {@code fe00:b9:266:2011::0/64}), or a range of addresses. A bare IPv6 address means /128 (the
 * reference notes the documented default "/32" is a typo). Addresses are parsed as literals
 * only, never looked up.
 */
final class AddressQueries implements KindQueries {

    @Override
    public Query term(FieldSpec field, String text, String clause) {
        String value = text.strip();
        if (Wildcards.has(value)) {
            throw new QuerySyntaxException("'" + clause + "': wildcards are not supported on " + field.name()
                    + "; use CIDR notation such as 192.168.1.0/24");
        }
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        if (field.kind() == FieldKind.IPV4) {
            int prefix = slash < 0 ? 32 : prefixLength(value.substring(slash + 1), 32, clause);
            int first = ipv4(address, clause);
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            first &= mask;
            return Ipv4Encoding.rangeQuery(field.name(), first, first | ~mask);
        }
        InetAddress parsed = ipv6(address, clause);
        int max = parsed instanceof Inet4Address ? 32 : 128;
        int prefix = slash < 0 ? max : prefixLength(value.substring(slash + 1), max, clause);
        return InetAddressPoint.newPrefixQuery(field.name(), parsed, prefix);
    }

    @Override
    public Query phrase(FieldSpec field, String text, String clause) {
        return term(field, text, clause);
    }

    @Override
    public Query range(FieldSpec field, QueryNode.Range range, String clause) {
        if (field.kind() == FieldKind.IPV4) {
            long lower = range.lower()
                    .map(v -> Integer.toUnsignedLong(ipv4(v.strip(), clause)))
                    .orElse(0L);
            long upper = range.upper()
                    .map(v -> Integer.toUnsignedLong(ipv4(v.strip(), clause)))
                    .orElse(0xFFFF_FFFFL);
            if (range.lower().isPresent() && !range.includeLower()) {
                lower++;
            }
            if (range.upper().isPresent() && !range.includeUpper()) {
                upper--;
            }
            if (lower > upper) {
                return new MatchNoDocsQuery("empty address range");
            }
            return Ipv4Encoding.rangeQuery(field.name(), (int) lower, (int) upper);
        }
        InetAddress lower = range.lower().map(v -> ipv6(v.strip(), clause)).orElse(InetAddressPoint.MIN_VALUE);
        InetAddress upper = range.upper().map(v -> ipv6(v.strip(), clause)).orElse(InetAddressPoint.MAX_VALUE);
        try {
            if (range.lower().isPresent() && !range.includeLower()) {
                lower = InetAddressPoint.nextUp(lower);
            }
            if (range.upper().isPresent() && !range.includeUpper()) {
                upper = InetAddressPoint.nextDown(upper);
            }
        } catch (ArithmeticException e) {
            return new MatchNoDocsQuery("empty address range");
        }
        return InetAddressPoint.newRangeQuery(field.name(), lower, upper);
    }

    private static int prefixLength(String text, int max, String clause) {
        try {
            int prefix = Integer.parseInt(text);
            if (prefix >= 0 && prefix <= max) {
                return prefix;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new QuerySyntaxException("'" + clause + "': '/" + text + "' is not a prefix length between 0 and " + max);
    }

    /** A dotted-quad IPv4 address as a big-endian int. */
    static int ipv4(String text, String clause) {
        int address = 0;
        int octets = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    throw notAnAddress(text, clause, "IPv4");
                }
            } else if (c == '.' && value >= 0 && octets < 4) {
                address = (address << 8) | value;
                octets++;
                value = -1;
            } else {
                throw notAnAddress(text, clause, "IPv4");
            }
        }
        if (octets != 4) {
            throw notAnAddress(text, clause, "IPv4");
        }
        return address;
    }

    private static InetAddress ipv6(String text, String clause) {
        // ofLiteral only parses address literals (IPv4 ones too); it never resolves a host name,
        // so a query cannot make the server do DNS lookups.
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw notAnAddress(text, clause, "IPv6");
        }
    }

    private static QuerySyntaxException notAnAddress(String text, String clause, String family) {
        return new QuerySyntaxException("'" + clause + "': '" + text + "' is not an " + family + " address");
    }
}
