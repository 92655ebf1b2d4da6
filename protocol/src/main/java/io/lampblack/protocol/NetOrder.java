package io.lampblack.protocol;

import io.lampblack.protocol.events.SensorEvents.CbIpAddr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Byte-order conventions of addresses and ports in raw sensor events, and the text forms consumers expect.
 *
 * <p>Three encodings are in play. Raw IPv4 fields ({@code uint32}) hold the address bytes little-endian, so
 * 23.4.187.27 arrives as 0x1BBB0417. Raw ports hold a network-order 16-bit value, so port 80 arrives as 0x5000.
 * JSON documents ({@code comms_ip}, {@code interface_ip}) instead use the ordinary big-endian value as a signed
 * int. Naming the conversions keeps these from being mixed up.
 */
public final class NetOrder {

    private NetOrder() {}

    /** The ordinary (big-endian) value of a raw little-endian IPv4 field: 23.4.187.27 becomes 0x1704BB1B. */
    public static int ipv4ToInt(int raw) {
        return Integer.reverseBytes(raw);
    }

    /** Inverse of {@link #ipv4ToInt}: the raw field value for a big-endian address. */
    public static int ipv4FromInt(int address) {
        return Integer.reverseBytes(address);
    }

    /** Dotted quad of a raw IPv4 field. */
    public static String ipv4ToString(int raw) {
        return (raw & 0xFF) + "." + (raw >>> 8 & 0xFF) + "." + (raw >>> 16 & 0xFF) + "." + (raw >>> 24);
    }

    /** The raw field value for a dotted quad. */
    public static int ipv4FromString(String dotted) {
        return ipv4FromInt(signedIpv4(dotted));
    }

    /** Port number of a raw port field (the two low bytes swapped). */
    public static int port(int raw) {
        return (raw & 0xFF) << 8 | (raw >>> 8 & 0xFF);
    }

    /** Raw port field for a port number. */
    public static int rawPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("Port " + port + " outside 0..65535");
        }
        return port(port);
    }

    /**
     * The big-endian signed int of a dotted quad, as JSON documents store {@code comms_ip}: 172.31.30.0 is
     * -1407246848. Parsed by hand because {@link InetAddress#getByName} would resolve host names.
     *
     * @throws IllegalArgumentException if the text is not four decimal octets
     */
    public static int signedIpv4(String dotted) {
        int value = 0;
        int octets = 0;
        int pos = 0;
        while (octets < 4) {
            int start = pos;
            int octet = 0;
            while (pos < dotted.length() && pos - start < 3 && Character.isDigit(dotted.charAt(pos))) {
                octet = octet * 10 + (dotted.charAt(pos++) - '0');
            }
            boolean separatorOk =
                    octets < 3 ? pos < dotted.length() && dotted.charAt(pos) == '.' : pos == dotted.length();
            if (pos == start || octet > 255 || !separatorOk) {
                throw new IllegalArgumentException("Bad IPv4 address '" + dotted + "'");
            }
            value = value << 8 | octet;
            octets++;
            pos++;
        }
        return value;
    }

    /** Dotted quad of a big-endian address value (e.g. a JSON {@code comms_ip}). */
    public static String dottedFromSigned(int address) {
        return ipv4ToString(ipv4FromInt(address));
    }

    /**
     * Text of a {@code CbIpAddr} the way the event forwarder prints it: IPv4 dotted; IPv6 in RFC 5952 compressed
     * form, with IPv4-mapped addresses shown as dotted IPv4 and {@code %scope} appended when set.
     */
    public static String ipToString(CbIpAddr address) {
        if (!address.getBIsIpv6()) {
            return ipv4ToString(address.getIpv4Address());
        }
        String text = ipv6ToString(ipv6Bytes(address));
        return address.getIpv6Scope().isEmpty() ? text : text + "%" + address.getIpv6Scope();
    }

    /** The 16 address bytes: ipv6High little-endian (bytes 0-7), then ipv6Low little-endian (8-15). */
    public static byte[] ipv6Bytes(CbIpAddr address) {
        byte[] bytes = new byte[16];
        long high = address.getIpv6High();
        long low = address.getIpv6Low();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (8 * i));
            bytes[8 + i] = (byte) (low >>> (8 * i));
        }
        return bytes;
    }

    /** The {@code CbIpAddr} a sensor would send for {@code address} (numeric scope ids only). */
    public static CbIpAddr toCbIpAddr(InetAddress address) {
        CbIpAddr.Builder out = CbIpAddr.newBuilder();
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int big = (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
            return out.setIpv4Address(ipv4FromInt(big)).build();
        }
        long high = 0;
        long low = 0;
        for (int i = 7; i >= 0; i--) {
            high = high << 8 | (bytes[i] & 0xFF);
            low = low << 8 | (bytes[8 + i] & 0xFF);
        }
        out.setBIsIpv6(true).setIpv6High(high).setIpv6Low(low);
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            out.setIpv6Scope(Integer.toString(v6.getScopeId()));
        }
        return out.build();
    }

    /** The IPv4 address (32 bits, most significant octet first) inside an IPv4-mapped IPv6 address. */
    public static int mappedIpv4(byte[] b) {
        return (b[12] & 0xFF) << 24 | (b[13] & 0xFF) << 16 | (b[14] & 0xFF) << 8 | (b[15] & 0xFF);
    }

    private static String ipv6ToString(byte[] b) {
        if (isIpv4Mapped(b)) {
            return (b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** Whether 16 address bytes are an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), i.e. an IPv4 peer. */
    public static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }
}
