package io.lampblack.server.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.api.TlsMaterial;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names the server's own self-signed certificate holds, as a sensor's TLS client would check them. */
class CertificateNamesTest {

    @TempDir
    Path tls;

    @Test
    void theSelfSignedCertificateNamesLoopbackAndLocalhostOnly() {
        X509Certificate cert = TlsMaterial.selfSigned(tls).certificate();
        for (String host : new String[] {"localhost", "LocalHost", "127.0.0.1", "::1", "[::1]", "0:0:0:0:0:0:0:1"}) {
            assertTrue(CertificateNames.names(cert, host), host);
        }
        for (String host :
                new String[] {"10.1.2.3", "127.0.0.2", "sensors.example", "evil.localhost", "localhost.evil"}) {
            assertFalse(CertificateNames.names(cert, host), host);
        }
    }

    /** A wildcard stands for one label; IP addresses only match IP entries; the CN counts only without DNS names. */
    @Test
    void wildcardsIpAddressesAndTheCommonName() throws Exception {
        X509Certificate sans =
                certificate("CN=ignored.example", "SAN=dns:*.sensors.example,dns:edr.example,ip:10.1.2.3");
        for (String host : new String[] {"a.sensors.example", "EDR.example", "10.1.2.3"}) {
            assertTrue(CertificateNames.names(sans, host), host);
        }
        for (String host : new String[] {
            "sensors.example", "a.b.sensors.example", "ignored.example", "10.1.2.4", "edr.example.evil"
        }) {
            assertFalse(CertificateNames.names(sans, host), host);
        }
        X509Certificate cnOnly = certificate("CN=edr.example", null);
        assertTrue(CertificateNames.names(cnOnly, "edr.example"));
        assertFalse(CertificateNames.names(cnOnly, "other.example"));
    }

    /** A certificate made by the JDK's keytool, with these names. */
    private X509Certificate certificate(String dname, String ext) throws Exception {
        Path store = tls.resolve("k" + System.nanoTime() + ".p12");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keyalg",
                "EC",
                "-alias",
                "c",
                "-dname",
                dname,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit"));
        if (ext != null) cmd.addAll(List.of("-ext", ext));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) ks.getCertificate("c");
    }
}
