package io.lampblack.server.search.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference §2.1 "text": tokens split on whitespace and punctuation, lower-cased. */
class TextTokenizerTest {

    @Test
    void punctuationAndSymbolsSeparateWords() {
        assertEquals(
                List.of("microsoft", "windows", "operating", "system"),
                TextTokenizer.indexTokens("Microsoft\u00ae Windows\u00ae Operating System"));
        assertEquals(List.of("oracle", "america", "inc"), TextTokenizer.indexTokens("Oracle America, Inc."));
        assertEquals(List.of("java", "tm", "platform", "se", "7"), TextTokenizer.indexTokens("Java(TM) Platform SE 7"));
        assertEquals(
                List.of("6", "1", "7600", "16385", "win7", "rtm", "090713", "1255"),
                TextTokenizer.indexTokens("6.1.7600.16385 (win7_rtm.090713-1255)"));
        assertEquals(List.of(), TextTokenizer.indexTokens(" ,;() "));
    }

    @Test
    void nonAsciiLettersAreWordCharacters() {
        assertEquals(List.of("société", "générale", "ß"), TextTokenizer.indexTokens("Société Générale/ß"));
        assertEquals(List.of("a\uD835\uDC00b"), TextTokenizer.indexTokens("A\uD835\uDC00B")); // 𝐀, a letter
        assertEquals(List.of("a", "b"), TextTokenizer.indexTokens("a\uD83D\uDE00b")); // 😀, not a letter
    }

    @Test
    void queriesKeepWildcardsInsideWords() {
        assertEquals(List.of("micro*"), TextTokenizer.queryTokens("Micro*"));
        assertEquals(List.of("win?", "rtm"), TextTokenizer.queryTokens("win?_rtm"));
        assertEquals(List.of("micro"), TextTokenizer.indexTokens("Micro*"));
    }

    @Test
    void positionsAreConsecutiveWithAGapBeforeLaterValues() {
        StringBuilder seen = new StringBuilder();
        TextTokenizer.tokenize(
                "Oracle America",
                100,
                (buf, off, len, inc) -> seen.append(new String(buf, off, len))
                        .append('+')
                        .append(inc)
                        .append(' '));
        assertEquals("oracle+100 america+1 ", seen.toString());
    }
}
