package io.lampblack.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Our schema must be wire compatible with Carbon Black's: every captured event decodes and re-encodes exactly. */
class CorpusRoundTripTest {

    private static final int PROTOBUF_FILES = 8_143;

    @Test
    void everyCapturedEventReencodesByteForByte() throws IOException {
        Path dir = Corpus.file("protobuf");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertEquals(PROTOBUF_FILES, files.size(), "protobuf files under " + dir);
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            CbEventMsg event = CbEventMsg.parseFrom(bytes);
            if (!event.getUnknownFields().asMap().isEmpty()
                    || !ByteString.copyFrom(bytes).equals(event.toByteString())) {
                failures.add(dir.relativize(file).toString());
            }
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " files do not round-trip, e.g. "
                        + failures.stream().limit(10).toList());
    }
}
