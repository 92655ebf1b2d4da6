package io.lampblack.server.lucene.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Disk usage and removal of partition directories. */
final class PartitionFiles {

    private PartitionFiles() {}

    /** Bytes of the regular files in a partition directory (0 when it is gone). */
    static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.isRegularFile(p)) total += Files.size(p);
                } catch (NoSuchFileException gone) {
                    // a merge removed it while we looked
                }
            }
            return total;
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
        PartitionCatalogue.forceDirectory(dir.getParent());
    }
}
