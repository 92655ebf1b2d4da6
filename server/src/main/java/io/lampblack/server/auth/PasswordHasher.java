package io.lampblack.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passwords as Argon2id hashes (Bouncy Castle's implementation) in the PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}: the parameters travel with each hash, so they can be raised later
 * and old hashes still verify. The defaults are OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane), 16-byte
 * random salts and 32-byte hashes. Verification compares in constant time.
 */
public final class PasswordHasher {

    /** Memory in KiB, passes and lanes of new hashes. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        public static final Cost OWASP = new Cost(19 * 1024, 2, 1);
    }

    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})"
            + "\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Verified when a user has no hash, so that an unknown user takes as long to refuse as a wrong password. */
    private final String decoy;

    private final Cost cost;

    /**
     * A new random password (120 bits, URL-safe base64, 20 characters): the bootstrap admin's first one. Long enough
     * that nobody needs to change it for strength, short enough to type.
     */
    public static String randomPassword() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public PasswordHasher(Cost cost) {
        this.cost = cost;
        this.decoy = hash("decoy password, never a user's");
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism() + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether the password matches the stored hash; a missing or unreadable one matches nothing, as slowly. */
    public boolean verify(String password, Optional<String> storedHash) {
        Optional<Matcher> parsed = storedHash.map(PHC::matcher).filter(Matcher::matches);
        Matcher m = parsed.orElseGet(() -> matcher(decoy));
        Cost stored =
                new Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password == null ? "" : password, salt, stored, expected.length);
        return MessageDigest.isEqual(expected, actual) && parsed.isPresent();
    }

    private static Matcher matcher(String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) throw new IllegalStateException("not an Argon2id PHC string");
        return m;
    }

    private static byte[] derive(String password, byte[] salt, Cost cost, int length) {
        Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .build();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(p);
        byte[] out = new byte[length];
        g.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
