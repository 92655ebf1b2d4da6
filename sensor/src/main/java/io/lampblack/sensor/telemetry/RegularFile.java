package io.lampblack.sensor.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a file for reading only when it is a regular file, without ever blocking in the open. The sensor may run as
 * root and reads files other users name (a program they ran, a file they wrote, a binary the server asks for): a FIFO
 * swapped in for such a name would block an ordinary open for reading until someone writes to it, and with it the
 * thread that hashes or uploads for the whole sensor. So the name is opened with {@code O_NONBLOCK} (which a FIFO
 * honours and a regular file ignores), the descriptor is checked, and the content is read through
 * {@code /proc/self/fd/N}, which opens that very file whatever the name points at by then.
 */
public final class RegularFile {

    private RegularFile() {}

    /**
     * @param followLinks whether a symbolic link as the last part of the name is followed ({@code /proc/<pid>/exe}
     *                    must be); otherwise a link is refused
     * @throws IOException when it cannot be opened or is not a regular file (a FIFO, a device, a directory, a link)
     */
    public static InputStream open(Path path, boolean followLinks) throws IOException {
        int flags = Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC | (followLinks ? 0 : Libc.O_NOFOLLOW);
        int fd = Libc.open(path.toString(), flags);
        if (fd < 0) {
            throw new IOException(path + ": cannot be opened (errno " + Libc.errno() + ")");
        }
        try {
            Path opened = Path.of("/proc/self/fd", Integer.toString(fd));
            if (!Files.isRegularFile(opened)) {
                throw new IOException(path + " is not a regular file");
            }
            return Files.newInputStream(opened);
        } finally {
            Libc.close(fd);
        }
    }
}
