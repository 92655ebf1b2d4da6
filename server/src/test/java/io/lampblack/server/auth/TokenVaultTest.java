package io.lampblack.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVaultTest {

    @TempDir
    Path dir;

    @Test
    void aSealedTokenOpensOnlyForItsUserWithTheSameKey() throws Exception {
        Path key = dir.resolve("token.key");
        TokenVault vault = TokenVault.openOrCreate(key);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        String token = ApiTokens.newToken();
        String sealed = vault.seal("alice", token);
        assertFalse(sealed.contains(token));
        assertEquals(Optional.of(token), vault.open("alice", sealed));
        assertEquals(Optional.of(token), TokenVault.openOrCreate(key).open("alice", sealed), "the key is kept");
        assertTrue(vault.open("mallory", sealed).isEmpty(), "not moved to another user's row");
        assertTrue(TokenVault.openOrCreate(dir.resolve("other.key"))
                .open("alice", sealed)
                .isEmpty());
        assertTrue(vault.open("alice", "not base64 !").isEmpty());
    }
}
