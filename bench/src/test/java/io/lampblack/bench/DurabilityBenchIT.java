package io.lampblack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 loop, two cycles: a server in a child process killed with SIGKILL during uploads, restarted, the
 * unacknowledged uploads re-sent. Nothing acknowledged is lost, nothing is indexed twice, and acknowledged uploads
 * sent again are recognised. No timing is asserted.
 */
class DurabilityBenchIT {

    @TempDir
    Path data;

    @Test
    void killedServerLosesAndDuplicatesNothing() throws Exception {
        DurabilityBench.Result r = DurabilityBench.run(Optional.empty(), data, 2, 2, 100, 3);
        DurabilityBench.print(r);
        assertTrue(r.acknowledged() > 0, "uploads were acknowledged");
        assertEquals(0, r.lost(), "lost segments");
        assertEquals(0, r.duplicated(), "duplicated segments");
        assertEquals(r.dedupeChecks(), r.dedupeRecognised(), "acknowledged uploads sent again are recognised");
        assertEquals(2, r.restartSeconds().size());
    }
}
