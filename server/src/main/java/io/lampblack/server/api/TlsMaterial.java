package io.lampblack.server.api;

import io.lampblack.server.config.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS key and certificate: the operator's PEM files when given, otherwise a self-signed certificate
 * generated once into {@code DATA/tls} (PKCS#12 for the server, PEM copy of the certificate for clients to trust).
 */
public final class TlsMaterial {

    public static final String ALIAS = "lampblack";
    private static final String SELF_SIGNED_CN = "Lampblack Self-signed Server Certificate";

    private final KeyStore keyStore;
    private final char[] password;

    private TlsMaterial(KeyStore keyStore, char[] password) {
        this.keyStore = keyStore;
        this.password = password;
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public char[] password() {
        return password.clone();
    }

    public X509Certificate certificate() {
        try {
            return (X509Certificate) keyStore.getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the self-signed certificate from {@code tlsDir}, creating it on first use. */
    public static TlsMaterial selfSigned(Path tlsDir) {
        try {
            Files.createDirectories(tlsDir);
            Path store = tlsDir.resolve("server.p12");
            Path pass = tlsDir.resolve("server.p12.password");
            if (Files.exists(store) && Files.exists(pass)) {
                char[] pw =
                        Files.readString(pass, StandardCharsets.US_ASCII).trim().toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    ks.load(in, pw);
                }
                return new TlsMaterial(ks, pw);
            }
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048);
            KeyPair kp = kpg.generateKeyPair();
            X509Certificate cert = selfSign(kp);
            byte[] raw = new byte[24];
            new SecureRandom().nextBytes(raw);
            char[] pw = HexFormat.of().formatHex(raw).toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, kp.getPrivate(), pw, new Certificate[] {cert});
            OwnerOnlyFiles.write(pass, new String(pw).getBytes(StandardCharsets.US_ASCII));
            var bytes = new java.io.ByteArrayOutputStream();
            ks.store(bytes, pw);
            OwnerOnlyFiles.write(store, bytes.toByteArray());
            Files.writeString(tlsDir.resolve("server.crt"), pem(cert), StandardCharsets.US_ASCII);
            return new TlsMaterial(ks, pw);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the self-signed certificate in " + tlsDir, e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot create the self-signed certificate", e);
        }
    }

    /** Loads the operator's PEM certificate chain and private key. */
    public static TlsMaterial fromPem(Path certFile, Path keyFile) {
        try {
            List<Certificate> chain = new ArrayList<>();
            try (InputStream in = Files.newInputStream(certFile)) {
                chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty())
                throw new IllegalArgumentException("setting 'tls-cert': no certificate in " + certFile);
            PrivateKey key;
            try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                    PEMParser p = new PEMParser(r)) {
                Object o = p.readObject();
                JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
                if (o instanceof PEMKeyPair kp)
                    key = conv.getPrivateKey(kp.getPrivateKeyInfo()); // public half may be absent (EC)
                else if (o instanceof PrivateKeyInfo pki) key = conv.getPrivateKey(pki);
                else
                    throw new IllegalArgumentException(
                            "setting 'tls-key': " + keyFile + " holds no unencrypted private key");
            }
            byte[] raw = new byte[24];
            new SecureRandom().nextBytes(raw);
            char[] pw = HexFormat.of().formatHex(raw).toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, pw, chain.toArray(new Certificate[0]));
            return new TlsMaterial(ks, pw);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS files " + certFile + ", " + keyFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("setting 'tls-cert'/'tls-key': " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSign(KeyPair kp)
            throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
        X500Name name = new X500Name("CN=" + SELF_SIGNED_CN + ", O=Lampblack");
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))),
                name,
                kp.getPublic());
        List<GeneralName> sans = new ArrayList<>(List.of(
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.isBlank() && !host.equals("localhost")) sans.add(new GeneralName(GeneralName.dNSName, host));
        } catch (IOException ignored) {
            // no resolvable host name: localhost and loopback addresses only
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
        // CA:true so that clients can pin this very certificate as their trust anchor (ssl_cert_file, curl --cacert).
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
        var signer = new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    static String pem(X509Certificate cert) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(cert);
        }
        return sw.toString();
    }
}
