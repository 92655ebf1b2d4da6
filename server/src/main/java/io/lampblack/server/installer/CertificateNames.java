package io.lampblack.server.installer;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Whether a certificate names a host the way an HTTPS client checks it (RFC 6125, as Java's own client does): an IP
 * address against the certificate's IP addresses, a name against its DNS names (a leading {@code *.} stands for one
 * label), or against its common name when it has no DNS names. An installer whose server URL the certificate does
 * not name would make a sensor that can never connect.
 */
public final class CertificateNames {

    private static final int DNS = 2;
    private static final int IP = 7;

    private CertificateNames() {}

    public static boolean names(X509Certificate cert, String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.get(0) instanceof Integer type && san.get(1) instanceof String value) {
                        if (type == DNS) dns.add(value);
                        if (type == IP) ips.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        InetAddress literal = literal(h);
        if (literal != null) return ips.stream().map(CertificateNames::literal).anyMatch(literal::equals);
        if (dns.isEmpty()) return commonName(cert).map(cn -> matches(cn, h)).orElse(false);
        return dns.stream().anyMatch(d -> matches(d, h));
    }

    private static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    private static InetAddress literal(String s) {
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<String> commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) return Optional.of(part.substring(3));
        }
        return Optional.empty();
    }
}
