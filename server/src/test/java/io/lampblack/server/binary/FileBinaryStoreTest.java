package io.lampblack.server.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.problem.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary store keeps exactly the files whose content matches their MD5, one gzip file per MD5. */
class FileBinaryStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2016-12-01T22:16:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    final List<StoredBinary> added = new ArrayList<>();
    final BinaryObservations recorder = new BinaryObservations() {
        @Override
        public void fileAdded(StoredBinary file) {
            added.add(file);
        }
    };

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void aMatchingFileIsStoredCompressedUnderItsMd5() throws Exception {
        FileBinaryStore store = new FileBinaryStore(root, recorder, CLOCK);
        byte[] file = ("MZ" + "A".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);
        String md5 = md5(file);
        BinaryStore.Stored stored = store.put(md5, new ByteArrayInputStream(file), 1 << 20);
        assertFalse(stored.duplicate());
        String upper = md5.toUpperCase();
        Path expected = root.resolve(upper.substring(0, 2)).resolve(upper + ".gz");
        assertEquals(expected, stored.file().path());
        assertTrue(Files.exists(expected));
        assertEquals(file.length, stored.file().size());
        assertTrue(stored.file().compressedSize() < file.length);
        assertArrayEquals(file, read(new GZIPInputStream(Files.newInputStream(expected))), "a plain gzip file");
        assertArrayEquals(file, read(store.open(md5.toUpperCase()).orElseThrow()));
        assertTrue(store.contains(md5));
        assertEquals(
                List.of(new StoredBinary(upper, file.length, Files.size(expected), expected, CLOCK.instant())), added);
    }

    @Test
    void storingAgainIsADuplicateThatReadsNothing() throws Exception {
        FileBinaryStore store = new FileBinaryStore(root, recorder, CLOCK);
        byte[] file = content(5000);
        store.put(md5(file), new ByteArrayInputStream(file), 1 << 20);
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("a stored file is not read again");
            }
        };
        BinaryStore.Stored again = store.put(md5(file).toUpperCase(), never, 1 << 20);
        assertTrue(again.duplicate());
        assertEquals(5000, again.file().size());
        assertEquals(1, added.size(), "file added is reported once");
    }

    @Test
    void aMismatchOrAnOversizeFileLeavesNothingBehind() throws Exception {
        FileBinaryStore store = new FileBinaryStore(root, recorder, CLOCK);
        byte[] file = content(4096);
        String wrong = md5(content(10));
        BinaryStore.Rejected mismatch = assertThrows(
                BinaryStore.Rejected.class, () -> store.put(wrong, new ByteArrayInputStream(file), 1 << 20));
        assertEquals(Problem.Kind.INVALID, mismatch.kind());
        assertEquals("md5_mismatch", mismatch.reason());
        assertTrue(mismatch.getMessage().contains(md5(file).toUpperCase()), mismatch.getMessage());
        assertFalse(store.contains(wrong));

        BinaryStore.Rejected large = assertThrows(
                BinaryStore.Rejected.class, () -> store.put(md5(file), new ByteArrayInputStream(file), 4095));
        assertEquals(Problem.Kind.TOO_LARGE, large.kind());
        assertEquals("binary_too_large", large.reason());
        assertFalse(store.contains(md5(file)));

        BinaryStore.Rejected bad = assertThrows(
                BinaryStore.Rejected.class, () -> store.put("not-an-md5", new ByteArrayInputStream(file), 1 << 20));
        assertEquals(Problem.Kind.INVALID, bad.kind());
        assertEquals("bad_md5", bad.reason());

        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(root, root.resolve("tmp")), files.toList(), "no partial or mislabelled file");
        }
        assertTrue(added.isEmpty());
        assertTrue(store.open(wrong).isEmpty());
    }

    @Test
    void leftoversOfACrashedUploadAreRemovedAtStart() throws Exception {
        Files.createDirectories(root.resolve("tmp"));
        Files.write(root.resolve("tmp").resolve("x.part"), new byte[100]);
        new FileBinaryStore(root, recorder, CLOCK);
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            assertEquals(0, files.count());
        }
    }
}
