package io.lampblack.server.config;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The process's umask, through the C library (the JDK has no API for it). A server sets 077 before it creates
 * anything, so that every file it and its libraries (H2, Lucene, Qpid) create is owner-only from its first instant,
 * whatever umask the shell that started it had. Where the call is not available (not a POSIX C library, native
 * access denied) nothing changes, and the owner-only data directory ({@link OwnerOnlyTree}) still keeps others out.
 */
public final class ProcessUmask {

    private ProcessUmask() {}

    /**
     * Adds 077 to the process's umask (bits already masked stay masked).
     *
     * @return the umask before, or empty when it could not be set
     */
    public static Optional<Integer> restrictToOwner() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle umask = linker.downcallHandle(
                    linker.defaultLookup().find("umask").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            int before = (int) umask.invokeExact(0077);
            if ((before | 0077) != 0077) {
                int ignored = (int) umask.invokeExact(before | 0077);
            }
            return Optional.of(before);
        } catch (RuntimeException | LinkageError e) {
            // No such symbol, native access denied (IllegalCallerException), no native linker on this platform.
            return Optional.empty();
        } catch (Throwable e) {
            // invokeExact declares Throwable; umask itself cannot fail.
            throw new IllegalStateException("umask", e);
        }
    }
}
