package io.lampblack.server.auth;

import io.lampblack.server.config.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps API tokens so they can be shown to their owner again (Carbon Black shows {@code auth_token} in the user
 * document) without the database alone giving them away: each token is encrypted with AES-256-GCM under a key that
 * lives in an owner-only file in the data directory, not in the database. The username is the associated data, so a
 * ciphertext copied to another user's row does not decrypt. Lookup stays by the token's SHA-256 digest.
 */
public final class TokenVault {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;

    private TokenVault(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The vault whose key is in {@code keyFile}, created (owner-only, 256 random bits) when it does not exist. */
    public static TokenVault openOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] k = new byte[32];
                RANDOM.nextBytes(k);
                OwnerOnlyFiles.write(keyFile, Base64.getEncoder().encode(k));
            }
            byte[] k = Base64.getDecoder().decode(Files.readString(keyFile).strip());
            if (k.length != 32) throw new IllegalStateException(keyFile + " does not hold a 256-bit key");
            return new TokenVault(k);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token key " + keyFile, e);
        }
    }

    public String seal(String username, String token) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = cipher(Cipher.ENCRYPT_MODE, iv, username);
            byte[] sealed = c.doFinal(token.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The token, or empty when the ciphertext does not open with this key for this user (another key, tampered). */
    public Optional<String> open(String username, String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            if (in.length <= IV_BYTES) return Optional.empty();
            Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, IV_BYTES), username);
            byte[] plain = c.doFinal(in, IV_BYTES, in.length - IV_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] iv, String username) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(username.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
