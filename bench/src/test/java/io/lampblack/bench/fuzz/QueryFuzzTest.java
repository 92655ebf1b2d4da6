package io.lampblack.bench.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A short, fixed-seed run of {@link QueryFuzz} (a few seconds): every input either parses (in both the process and the binary query
 * language, through translation) or is refused as malformed syntax. The time bound only catches a hang; it is far
 * above what the run takes.
 */
class QueryFuzzTest {

    @Test
    void everyInputParsesOrIsASyntaxError() {
        // At most 3,000 inputs or 5 seconds of them, whichever comes first; the same inputs in the same order each run.
        QueryFuzz.Outcome o =
                assertTimeoutPreemptively(Duration.ofMinutes(2), () -> new QueryFuzz().run(20261207L, 3_000, 5));
        assertTrue(o.findings().isEmpty(), String.join("\n", o.findings()));
        // The inputs reach past the parser: a fuzz run that only ever saw syntax errors would prove little.
        assertTrue(o.parsed() > o.tried() / 10, o.parsed() + " of " + o.tried() + " parsed");
    }
}
