package io.lampblack.server.intel;

/** The kinds of indicator a feed report can name, by their {@code ioc_type} on the bus. */
public enum IocType {
    MD5("md5"),
    SHA256("sha256"),
    IPV4("ipv4"),
    IPV6("ipv6"),
    DNS("dns"),
    JA3("ja3"),
    JA3S("ja3s"),
    QUERY("query");

    private final String wire;

    IocType(String wire) {
        this.wire = wire;
    }

    /** As in {@code ioc_type}. */
    public String wire() {
        return wire;
    }
}
