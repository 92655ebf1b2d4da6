package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the console's files read a request's Accept-Encoding and If-None-Match (ConsoleFilesIT serves them). */
class ConsoleFilesApiTest {

    private static boolean gzip(String header) {
        return ConsoleFilesApi.acceptsGzip(Optional.ofNullable(header));
    }

    @Test
    void gzipIsSentOnlyToAClientThatTakesIt() {
        assertTrue(gzip("gzip"));
        assertTrue(gzip("gzip, deflate, br, zstd"), "what Chromium sends");
        assertTrue(gzip("br;q=1.0, GZIP;q=0.5"));
        assertTrue(gzip("*"));
        assertTrue(gzip("x-gzip"));
        assertFalse(gzip(null));
        assertFalse(gzip(""));
        assertFalse(gzip("identity"));
        assertFalse(gzip("br, deflate"));
        assertFalse(gzip("gzip;q=0"));
        assertFalse(gzip("gzip;q=0.000, *"), "refused by name although * takes anything");
        assertFalse(gzip("*;q=0"));
        assertFalse(gzip("gzip;q=nonsense"));
    }

    @Test
    void ifNoneMatchComparesEntityTagsWeakly() {
        String tag = "\"abc\"";
        assertTrue(ConsoleFilesApi.matches(Optional.of("\"abc\""), tag));
        assertTrue(ConsoleFilesApi.matches(Optional.of("W/\"abc\""), tag));
        assertTrue(ConsoleFilesApi.matches(Optional.of("\"x\", \"abc\""), tag));
        assertTrue(ConsoleFilesApi.matches(Optional.of("*"), tag));
        assertFalse(ConsoleFilesApi.matches(Optional.empty(), tag));
        assertFalse(ConsoleFilesApi.matches(Optional.of("\"abc-gz\""), tag));
        assertFalse(ConsoleFilesApi.matches(Optional.of("abc"), tag));
    }
}
