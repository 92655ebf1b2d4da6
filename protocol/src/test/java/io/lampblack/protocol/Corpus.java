package io.lampblack.protocol;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared Carbon Black capture; tests that need it are skipped where it is not checked out. */
final class Corpus {
    private Corpus() {}

    static Path root() {
        Path corpus = Path.of(System.getProperty("lampblack.shared", "../../shared"), "corpus");
        assumeTrue(Files.isDirectory(corpus), "Carbon Black corpus not found at " + corpus.toAbsolutePath());
        return corpus;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CbEventMsg event(String relative) {
        try {
            return CbEventMsg.parseFrom(bytes(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
