package io.lampblack.server.api.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The console's TypeScript types of the REST documents ({@code console/src/api/wire.ts}) are what
 * {@link TypeScriptWireTypes} writes from the records now: a record changed without them fails here, with the command
 * that writes them anew ({@code -Dlampblack.regenerate=true} writes the file instead of comparing).
 */
class WireTypesUpToDateTest {

    /** The file, from the server module's directory (where Maven runs the tests). */
    private static final Path WIRE_TS = Path.of("..", "console", "src", "api", "wire.ts");

    @Test
    void consoleWireTypesAreWhatTheRecordsSay() throws IOException {
        assertTrue(
                Files.isDirectory(WIRE_TS.getParent()),
                "no console sources at " + WIRE_TS.getParent().toAbsolutePath() + " (tests run from server/)");
        String now = TypeScriptWireTypes.generate();
        if (Boolean.getBoolean("lampblack.regenerate")) {
            Files.writeString(WIRE_TS, now, StandardCharsets.UTF_8);
            System.out.println("Wrote " + WIRE_TS.toAbsolutePath().normalize());
            return;
        }
        String committed = Files.exists(WIRE_TS) ? Files.readString(WIRE_TS, StandardCharsets.UTF_8) : "";
        if (!committed.equals(now)) {
            fail("console/src/api/wire.ts is not what the records of io.lampblack.server.api.wire say now"
                    + " (first difference at line " + firstDifferentLine(committed, now) + "). Regenerate it from the"
                    + " repository's root with\n  " + TypeScriptWireTypes.REGENERATE
                    + "\nthen check the console still builds (cd console && npx tsc -b).");
        }
    }

    private static int firstDifferentLine(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        int i = 0;
        while (i < x.length && i < y.length && x[i].equals(y[i])) i++;
        return i + 1;
    }
}
