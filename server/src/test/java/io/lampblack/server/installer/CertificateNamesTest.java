package io.lampblack.server.installer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.api.TlsMaterial;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
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
}
