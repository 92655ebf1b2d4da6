package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.support.TestServer;
import java.io.FileWriter;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with the generated self-signed certificate, and with an operator's PEM certificate and key. */
class TlsIT {

    @TempDir
    Path data;

    @Test
    void selfSignedCertificateIsGeneratedOnceAndTrustable() throws Exception {
        X509Certificate first;
        try (TestServer s = TestServer.start(data)) {
            Path crt = data.resolve("tls/server.crt");
            assertTrue(Files.exists(crt));
            first = load(crt);
            // Every client reads the partition listing at start, even from a server that has no data yet.
            assertEquals(200, s.get("/api/v1/storage/events/partition").status());
            assertEquals(
                    "rw-------",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(data.resolve("tls/server.p12"))));
            // A client that trusts exactly server.crt (curl --cacert, cbapi ssl_cert_file) connects with host-name
            // checks on.
            assertEquals(first, presented(URI.create(s.server.url()), first));
        }
        try (TestServer s = TestServer.start(data)) {
            assertEquals(first, presented(URI.create(s.server.url()), first), "the certificate survives restarts");
        }
    }

    @Test
    void operatorCertificateIsServed() throws Exception {
        var kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(256);
        var kp = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=edr.example.test");
        var builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(7),
                new Date(System.currentTimeMillis() - 86_400_000L),
                new Date(System.currentTimeMillis() + 86_400_000L),
                name,
                kp.getPublic());
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        Path crt = data.resolve("op.crt");
        Path key = data.resolve("op.key");
        try (JcaPEMWriter w = new JcaPEMWriter(new FileWriter(crt.toFile()))) {
            w.writeObject(cert);
        }
        try (JcaPEMWriter w = new JcaPEMWriter(new FileWriter(key.toFile()))) {
            w.writeObject(
                    new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(kp.getPrivate(), null)); // BEGIN PRIVATE KEY
        }
        try (TestServer s =
                TestServer.start(data.resolve("srv"), "tls-cert", crt.toString(), "tls-key", key.toString())) {
            X509Certificate seen = presentedNoHostCheck(URI.create(s.server.url()));
            assertEquals("CN=edr.example.test", seen.getSubjectX500Principal().getName());
            assertEquals(200, s.get("/api/info").status());
        }
    }

    private static X509Certificate load(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static X509Certificate presented(URI url, X509Certificate trusted) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("server", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket sock = (SSLSocket) ctx.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
            var params = sock.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            sock.setSSLParameters(params);
            sock.startHandshake();
            return (X509Certificate) sock.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate presentedNoHostCheck(URI url) throws Exception {
        var client = io.lampblack.sensor.client.SensorClient.trustAllHttpClient();
        var resp = client.send(
                java.net.http.HttpRequest.newBuilder(url.resolve("/api/info")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return (X509Certificate) resp.sslSession().orElseThrow().getPeerCertificates()[0];
    }
}
