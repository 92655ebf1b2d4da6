package io.lampblack.server.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /** Small costs keep the test fast; the parameters are read back from each hash. */
    private final PasswordHasher cheap = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1));

    @Test
    void hashesAreArgon2idPhcStringsWithTheirParameters() {
        String h = new PasswordHasher(PasswordHasher.Cost.OWASP).hash("secret password");
        assertTrue(h.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), h);
        assertFalse(h.contains("secret"));
    }

    @Test
    void theRightPasswordVerifiesAndOthersDoNot() {
        String h = cheap.hash("correct horse");
        assertTrue(cheap.verify("correct horse", Optional.of(h)));
        assertFalse(cheap.verify("correct horsE", Optional.of(h)));
        assertFalse(cheap.verify("", Optional.of(h)));
        assertNotEquals(h, cheap.hash("correct horse"), "a fresh salt each time");
    }

    @Test
    void hashesMadeWithOtherParametersStillVerify() {
        String old = cheap.hash("pw12345678");
        PasswordHasher raised = new PasswordHasher(new PasswordHasher.Cost(128, 2, 1));
        assertTrue(raised.verify("pw12345678", Optional.of(old)));
    }

    @Test
    void aUserWithoutAHashOrWithAnUnreadableOneMatchesNothing() {
        assertFalse(cheap.verify("decoy password, never a user's", Optional.empty()));
        assertFalse(cheap.verify("anything", Optional.of("plain text")));
        assertFalse(cheap.verify("anything", Optional.of("")));
    }
}
