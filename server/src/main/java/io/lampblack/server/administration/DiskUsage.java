package io.lampblack.server.administration;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the data directory uses its disk: the bytes under each of its top-level parts (index, journal, binaries,
 * database, ...), their sum, and the size and free space of the file system it is on. Measured when asked; files that
 * vanish during the walk (a merge, a rolled journal file) are skipped.
 */
public final class DiskUsage {

    /**
     * @param parts bytes under each top-level entry of the data directory, by name
     */
    public record Usage(long fileSystemBytes, long freeBytes, long dataBytes, Map<String, Long> parts) {}

    private final Path dataDir;

    public DiskUsage(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Usage measure() throws IOException {
        Map<String, Long> parts = new TreeMap<>();
        long sum = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path e : entries) {
                long bytes = bytesUnder(e);
                parts.put(e.getFileName().toString(), bytes);
                sum += bytes;
            }
        }
        FileStore fs = Files.getFileStore(dataDir);
        return new Usage(fs.getTotalSpace(), fs.getUsableSpace(), sum, parts);
    }

    /** The bytes of the files under {@code p} ({@code p}'s own when it is a file). */
    static long bytesUnder(Path p) throws IOException {
        long[] total = {0};
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
