package io.lampblack.sensor.liveresponse;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The output file of {@code create process}. The sensor may run as root in a directory other users can write, so the
 * file is made with open(2) {@code O_CREAT|O_EXCL|O_NOFOLLOW}, mode 0600: never an existing file (whose owner would
 * keep reading what root's process prints), never through a symbolic link. The child gets this very file: its
 * redirect opens {@code /proc/self/fd/<fd>} in the sensor before the fork, and that resolves to the descriptor's own
 * file, whatever its name points at by then; the name itself is never opened again, so a link swapped in after the
 * creation leads nowhere. (The JDK's redirects take only a file name, and Java's own file channels do not tell their
 * descriptor: hence open(2) through the FFM API.) The child writes the file directly, so it keeps its output if the
 * sensor stops or restarts before it ends.
 */
final class OutputFile implements AutoCloseable {

    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0x40;
    private static final int O_EXCL = 0x80;
    private static final int O_CLOEXEC = 0x80000;
    /** arm64 numbers it apart from the generic value (x86-64, riscv64). */
    private static final int O_NOFOLLOW = "aarch64".equals(System.getProperty("os.arch")) ? 0x8000 : 0x20000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = LINKER.downcallHandle(
            LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final int fd;
    private boolean closed;

    private OutputFile(int fd) {
        this.fd = fd;
    }

    /**
     * Creates {@code path} as the sensor user's alone ({@code rw-------}; what a command prints may be secret). An
     * existing name, a symbolic link included, is {@link FileAlreadyExistsException}.
     */
    static OutputFile create(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(
                    state,
                    arena.allocateFrom(path.toString()),
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0600);
            if (fd < 0) throw failure((int) ERRNO.get(state, 0L), path);
            return new OutputFile(fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open(2) could not be called", t);
        }
    }

    /** What the child's redirect opens: this descriptor's file (see the class comment), appended to. */
    File forRedirect() {
        return new File("/proc/self/fd/" + fd);
    }

    private static IOException failure(int errno, Path path) {
        String p = path.toString();
        return switch (errno) {
            case 2 -> new NoSuchFileException(p);
            case 1, 13 -> new AccessDeniedException(p);
            case 17, 40 -> new FileAlreadyExistsException(p); // EEXIST; ELOOP, a link where O_NOFOLLOW looked
            case 20 -> new NotDirectoryException(p);
            case 30 -> new FileSystemException(p, null, "Read-only file system");
            case 28 -> new FileSystemException(p, null, "No space left on device");
            case 36 -> new FileSystemException(p, null, "File name too long");
            default -> new FileSystemException(p, null, "open failed with errno " + errno);
        };
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close(2) could not be called", t);
        }
    }
}
