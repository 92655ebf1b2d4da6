package io.lampblack.sensor.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The sensor's {@code DATA} directory, claimed for one running sensor. A directory the sensor did not create is used
 * only when empty (a marker file then says it is the sensor's), so that a mistyped {@code --data} never has its
 * files taken over, re-moded or, at uninstall, deleted; a directory the sensor creates is made owner-only, one it was
 * given keeps its mode. A lock on {@code DATA/.lock}, held while the sensor runs, keeps a second sensor off the same
 * data (two would upload and drop each other's spool).
 */
final class DataDirectory implements AutoCloseable {

    /** Written into a directory the sensor takes; its presence lets later starts use the directory again. */
    static final String MARKER = ".lampblack-sensor";

    static final String LOCK = ".lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Takes {@code dir} for this sensor, or says clearly why it cannot. */
    static DataDirectory claim(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a directory (give --data a directory)");
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IOException(dir + " holds files that are not a Lampblack sensor's: give --data a new or empty"
                        + " directory");
            }
        } else {
            OwnerOnlyFiles.directory(dir);
        }
        if (!Files.exists(dir.resolve(MARKER))) {
            OwnerOnlyFiles.write(
                    dir.resolve(MARKER),
                    "The data of a Lampblack sensor; removed when the sensor is uninstalled.\n"
                            .getBytes(StandardCharsets.US_ASCII));
        }
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM already
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("another sensor is running with its data in " + dir);
        }
        return new DataDirectory(dir, ch, lock);
    }

    Path path() {
        return dir;
    }

    /** Lets another sensor take the directory. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case.
        }
    }
}
