package io.lampblack.bench.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A short coverage-guided run of the upload decoder's fuzz target in every test run (seeded with a plain, a gzip and
 * a zip event log in the resources next to this class); {@code ./lampblack bench fuzz --target upload} is the long
 * run. Jazzer stops at the first finding: an exception other than the decoder's documented ones, an assertion of
 * the target, an out-of-memory error or a hang.
 */
class UploadDecoderFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void decodes(byte[] body) {
        UploadDecoderTarget.fuzzerTestOneInput(body);
    }
}
