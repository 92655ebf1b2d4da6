package io.lampblack.server.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Golden files for JSON shapes (design convention 8): {@code src/test/resources/golden/<name>}, the exact bytes a
 * document must serialise to for fixed inputs. They were captured from the documents as the server wrote them before
 * they became records, so a golden test proves a change of representation changed nothing a client sees: keys, their
 * order, nulls, number formats and escaping alike.
 */
public final class Golden {

    private Golden() {}

    public static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "no golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes are exactly the golden file's. */
    public static void assertMatches(String name, byte[] actual) {
        assertEquals(read(name), new String(actual, StandardCharsets.UTF_8), name);
    }
}
