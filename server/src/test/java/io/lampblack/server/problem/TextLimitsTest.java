package io.lampblack.server.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextLimitsTest {

    @Test
    void refusesTextLongerThanItsFieldNamingTheField() {
        assertEquals("abc", TextLimits.atMost("name", "abc", 3));
        assertEquals(null, TextLimits.atMost("name", null, 3));
        InvalidInput e = assertThrows(InvalidInput.class, () -> TextLimits.atMost("name", "abcd", 3));
        assertEquals("value_too_long", e.reason());
        assertEquals("'name' must be at most 3 characters", e.getMessage());
        // UTF-16 units, as H2 counts them: an emoji is two.
        assertThrows(InvalidInput.class, () -> TextLimits.atMost("name", "ab\uD83D\uDE00", 3));
    }

    @Test
    void cutsTextTheServerWritesWithoutSplittingASurrogatePair() {
        assertEquals("abc", TextLimits.truncated("abcdef", 3));
        assertEquals("ab", TextLimits.truncated("ab\uD83D\uDE00", 3));
        assertEquals("short", TextLimits.truncated("short", 10));
    }
}
