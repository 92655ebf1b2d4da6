package io.lampblack.sensor.telemetry;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * The few C library calls the telemetry needs (netlink sockets, fanotify, inotify, poll), bound through the FFM API.
 * Every call captures {@code errno} right after it returns, since anything the JVM does afterwards may overwrite it.
 * Each method returns what the C function returns; {@link #errno()} is the calling thread's last captured errno.
 */
final class Libc {

    static final int AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_CONNECTOR = 11;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;
    static final int POLLIN = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;
    static final int AT_FDCWD = -100;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int O_LARGEFILE = 0x8000;
    static final int O_NONBLOCK = 0x800;
    /** arm64 numbers it apart from the generic value (x86-64, riscv64). */
    static final int O_NOFOLLOW = "aarch64".equals(System.getProperty("os.arch")) ? 0x8000 : 0x20000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup C = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final MemoryLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(I, I, I, I));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle SEND = bind("send", FunctionDescriptor.of(L, I, P, L, I));
    private static final MethodHandle RECV = bind("recv", FunctionDescriptor.of(L, I, P, L, I));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt", FunctionDescriptor.of(I, I, I, I, P, I));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(I, I));
    /** open(2) is variadic: the mode (unused without O_CREAT) is passed as its variadic argument. */
    private static final MethodHandle OPEN = LINKER.downcallHandle(
            C.find("open").orElseThrow(),
            FunctionDescriptor.of(I, P, I, I),
            Linker.Option.captureCallState("errno"),
            Linker.Option.firstVariadicArg(2));

    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(I, P, L, I));
    private static final MethodHandle FANOTIFY_INIT = bind("fanotify_init", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle FANOTIFY_MARK = bind("fanotify_mark", FunctionDescriptor.of(I, I, I, L, I, P));
    private static final MethodHandle INOTIFY_INIT1 = bind("inotify_init1", FunctionDescriptor.of(I, I));
    private static final MethodHandle INOTIFY_ADD_WATCH = bind("inotify_add_watch", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle INOTIFY_RM_WATCH = bind("inotify_rm_watch", FunctionDescriptor.of(I, I, I));

    private Libc() {}

    /**
     * The C function, or, when this C library lacks it (fanotify on an exotic libc), a stand-in that throws
     * UnsupportedOperationException when called: the source that needs it then reports itself unavailable instead of
     * the whole class failing to load.
     */
    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        return C.find(name)
                .map(f -> LINKER.downcallHandle(f, descriptor, Linker.Option.captureCallState("errno")))
                .orElseGet(() -> {
                    MethodType type = descriptor.toMethodType().insertParameterTypes(0, MemorySegment.class);
                    MethodHandle thrower = MethodHandles.insertArguments(
                            MethodHandles.throwException(type.returnType(), UnsupportedOperationException.class),
                            0,
                            new UnsupportedOperationException(name + " is not in this C library"));
                    return MethodHandles.dropArguments(thrower, 0, type.parameterList());
                });
    }

    /** The errno captured by this thread's last call through this class. */
    static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(STATE.get(), domain, type, protocol);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int bind(int fd, MemorySegment address) {
        try {
            return (int) BIND.invokeExact(STATE.get(), fd, address, (int) address.byteSize());
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long send(int fd, MemorySegment buffer, long length) {
        try {
            return (long) SEND.invokeExact(STATE.get(), fd, buffer, length, 0);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long recv(int fd, MemorySegment buffer) {
        try {
            return (long) RECV.invokeExact(STATE.get(), fd, buffer, buffer.byteSize(), 0);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int setIntOption(int fd, int level, int option, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(I, value);
            return (int) SETSOCKOPT.invokeExact(STATE.get(), fd, level, option, v, 4);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** open(2) of an existing file: the descriptor, or -1 with {@link #errno()} set. */
    static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(STATE.get(), arena.allocateFrom(path), flags, 0);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(STATE.get(), fd);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long read(int fd, MemorySegment buffer) {
        try {
            return (long) READ.invokeExact(STATE.get(), fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for {@code fd} to become readable: 1 if it is, 0 on timeout or interruption
     * by a signal, -1 on error. Readers use it so that they notice being closed without a blocking read that only
     * another syscall could end.
     */
    static int pollReadable(int fd, int timeoutMillis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfd = arena.allocate(8, 4);
            pfd.set(I, 0, fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, (short) POLLIN);
            int n = (int) POLL.invokeExact(STATE.get(), pfd, 1L, timeoutMillis);
            if (n < 0 && errno() == EINTR) {
                return 0;
            }
            return n;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int fanotifyInit(int flags, int eventFlags) {
        try {
            return (int) FANOTIFY_INIT.invokeExact(STATE.get(), flags, eventFlags);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int fanotifyMark(int fd, int flags, long mask, String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) FANOTIFY_MARK.invokeExact(STATE.get(), fd, flags, mask, AT_FDCWD, arena.allocateFrom(path));
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int inotifyInit(int flags) {
        try {
            return (int) INOTIFY_INIT1.invokeExact(STATE.get(), flags);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int inotifyAddWatch(int fd, String path, int mask) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) INOTIFY_ADD_WATCH.invokeExact(STATE.get(), fd, arena.allocateFrom(path), mask);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int inotifyRmWatch(int fd, int wd) {
        try {
            return (int) INOTIFY_RM_WATCH.invokeExact(STATE.get(), fd, wd);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static RuntimeException fail(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
