package io.lampblack.server.lucene;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;

/**
 * Copies the latest commit of a Lucene index that a writer may still be using: a commit's files never change once
 * written, so it is enough to copy them all before the writer deletes them. Every file is opened before the first
 * byte is copied (an open file stays readable after it is deleted); when a newer commit deleted one before it could
 * be opened, the copy starts over with that newer commit.
 */
public final class CommitCopy {

    private static final int ATTEMPTS = 20;

    private CommitCopy() {}

    /** Copies the index in {@code from} (its latest commit) into the empty directory {@code to}; returns the bytes. */
    public static long latestCommit(Path from, Path to) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<FileChannel> open = new ArrayList<>();
            try (FSDirectory dir = FSDirectory.open(from)) {
                SegmentInfos commit = SegmentInfos.readLatestCommit(dir);
                List<String> names = new ArrayList<>(commit.files(true));
                for (String name : names) open.add(FileChannel.open(from.resolve(name), StandardOpenOption.READ));
                long bytes = 0;
                for (int i = 0; i < names.size(); i++) bytes += copy(open.get(i), to.resolve(names.get(i)));
                return bytes;
            } catch (NoSuchFileException e) {
                if (attempt == ATTEMPTS) throw e;
            } finally {
                for (FileChannel c : open) c.close();
            }
        }
    }

    private static long copy(FileChannel in, Path to) throws IOException {
        Files.deleteIfExists(to);
        try (FileChannel out = FileChannel.open(
                to,
                java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            long size = in.size();
            long done = 0;
            while (done < size) done += in.transferTo(done, size - done, out);
            return size;
        }
    }
}
