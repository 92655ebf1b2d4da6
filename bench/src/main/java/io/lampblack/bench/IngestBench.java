package io.lampblack.bench;

/** Placeholder until the ingest benchmark lands (below in this issue). */
final class IngestBench {
    private IngestBench() {
    }

    static void main(String[] args) {
        throw new UnsupportedOperationException("not yet");
    }
}
