package io.lampblack.server.intel;

import io.lampblack.server.problem.InvalidInput;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One network in CIDR notation ({@code 169.254.0.0/16}, {@code fe80::/10}), as {@code --feed-deny-networks} lists
 * them. An IPv4 range never contains an IPv6 address and the other way round; IPv4-mapped IPv6 addresses
 * ({@code ::ffff:169.254.169.254}) are IPv4 addresses to the JDK already, so they are matched as such.
 */
public record NetworkRange(byte[] network, int prefixLength) {

    public NetworkRange {
        network = network.clone();
    }

    /** @throws InvalidInput for text that is not an address with an optional {@code /prefix} */
    public static NetworkRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        // Only literal addresses: a host name here would be resolved once and then silently go stale.
        if (!address.matches("[0-9A-Fa-f:.]+") || (!address.contains(":") && !address.matches("[0-9.]+"))) {
            throw new InvalidInput("bad_network", "not a network in CIDR notation: " + cidr);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new InvalidInput("bad_network", "not a network in CIDR notation: " + cidr);
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new InvalidInput("bad_network", "not a network in CIDR notation: " + cidr);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new InvalidInput("bad_network", "prefix length out of range: " + cidr);
        }
        return new NetworkRange(bytes, prefix);
    }

    /** A comma-separated list; empty text is an empty list. */
    public static List<NetworkRange> parseList(String cidrs) {
        List<NetworkRange> out = new ArrayList<>();
        for (String part : cidrs.split(",")) if (!part.isBlank()) out.add(parse(part));
        return List.copyOf(out);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        int bits = a.length * 8;
        BigInteger mask = BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .shiftRight(bits - prefixLength)
                .shiftLeft(bits - prefixLength);
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkRange r
                && r.prefixLength == prefixLength
                && java.util.Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefixLength;
    }
}
