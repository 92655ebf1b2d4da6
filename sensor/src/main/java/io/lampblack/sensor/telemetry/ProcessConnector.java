package io.lampblack.sensor.telemetry;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's process connector (netlink, {@code NETLINK_CONNECTOR}, group {@code CN_IDX_PROC}): every fork, exec
 * and exit on the machine, as it happens, handed to the {@link ProcessTracker}. Needs CAP_NET_ADMIN (root). The
 * kernel drops messages when the socket's buffer is full ({@code ENOBUFS} on the next receive): each such overrun is
 * counted, so that losses under a fork storm are visible, and the tracker is then brought in line with /proc
 * ({@link ProcessTracker#reconcile()}, at the point {@link OverrunResync} tells), so that lost exits do not leave
 * processes running forever and lost execs do not leave processes unreported.
 */
final class ProcessConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessConnector.class);

    // linux/netlink.h, linux/connector.h, linux/cn_proc.h
    private static final int NLMSG_HDRLEN = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLMSG_OVERRUN = 4;
    private static final int CN_IDX_PROC = 1;
    private static final int CN_VAL_PROC = 1;
    private static final int CN_MSG_LEN = 20;
    private static final int PROC_CN_MCAST_LISTEN = 1;
    private static final int PROC_CN_MCAST_IGNORE = 2;
    private static final int PROC_EVENT_FORK = 0x1;
    private static final int PROC_EVENT_EXEC = 0x2;
    private static final int PROC_EVENT_EXIT = 0x80000000;
    /** proc_event: what (4), cpu (4), timestamp_ns (8), then the event data. */
    private static final int EVENT_DATA = 16;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final int fd;
    private final ProcessTracker tracker;
    private final Runnable onFailure;
    private final Thread thread;
    private final AtomicLong overruns = new AtomicLong();
    private final OverrunResync resync = new OverrunResync();
    private volatile boolean running = true;

    private ProcessConnector(int fd, ProcessTracker tracker, Runnable onFailure) {
        this.fd = fd;
        this.tracker = tracker;
        this.onFailure = onFailure;
        this.thread = Thread.ofPlatform().daemon().name("telemetry-netlink").unstarted(this::run);
    }

    /**
     * Subscribes to the process connector; the caller then reports what is running and calls {@link #begin()}, so
     * that nothing that starts in between is missed. {@code onFailure} runs (once, on the reader's thread) when the
     * connector stops delivering while it should, so that another source can take over.
     *
     * @throws IOException when the kernel refuses (not root, no connector in this kernel or namespace)
     */
    static ProcessConnector open(ProcessTracker tracker, Runnable onFailure) throws IOException {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, Libc.NETLINK_CONNECTOR);
        if (fd < 0) {
            throw new IOException("netlink socket: errno " + Libc.errno());
        }
        try (Arena arena = Arena.ofConfined()) {
            // A big receive buffer rides out bursts (a fork storm) while the reader catches up.
            if (Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, 8 * 1024 * 1024) != 0) {
                Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, 8 * 1024 * 1024);
            }
            MemorySegment addr = arena.allocate(12, 4); // sockaddr_nl: family, pad, pid (0: kernel assigns), groups
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            addr.set(INT, 8, CN_IDX_PROC);
            if (Libc.bind(fd, addr) != 0) {
                throw new IOException("netlink bind: errno " + Libc.errno());
            }
            if (!control(fd, PROC_CN_MCAST_LISTEN, arena)) {
                throw new IOException("process connector listen: errno " + Libc.errno());
            }
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        return new ProcessConnector(fd, tracker, onFailure);
    }

    private static boolean control(int fd, int op, Arena arena) {
        int length = NLMSG_HDRLEN + CN_MSG_LEN + 4;
        MemorySegment msg = arena.allocate(length, 4);
        msg.set(INT, 0, length); // nlmsg_len
        msg.set(ValueLayout.JAVA_SHORT, 4, (short) NLMSG_DONE); // nlmsg_type
        msg.set(INT, 12, (int) ProcessHandle.current().pid()); // nlmsg_pid
        msg.set(INT, NLMSG_HDRLEN, CN_IDX_PROC); // cn_msg.id.idx
        msg.set(INT, NLMSG_HDRLEN + 4, CN_VAL_PROC); // cn_msg.id.val
        msg.set(ValueLayout.JAVA_SHORT, NLMSG_HDRLEN + 16, (short) 4); // cn_msg.len
        msg.set(INT, NLMSG_HDRLEN + CN_MSG_LEN, op);
        return Libc.send(fd, msg, length) == length;
    }

    /** Starts reading events. */
    void begin() {
        thread.start();
    }

    long overruns() {
        return overruns.get();
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64 * 1024, 8);
            while (running) {
                int ready = Libc.pollReadable(fd, resync.pending() ? 0 : 250);
                if (ready < 0) {
                    throw new IllegalStateException("poll failed: errno " + Libc.errno());
                }
                if (ready == 0) {
                    if (resync.pending()) {
                        reconcile(); // everything queued before the loss is handled
                    }
                    continue;
                }
                long n = Libc.recv(fd, buf);
                if (n < 0) {
                    int errno = Libc.errno();
                    if (errno == Libc.ENOBUFS) {
                        overrun();
                    } else if (errno != Libc.EINTR && errno != Libc.EAGAIN) {
                        LOG.warn("Process connector receive failed (errno {}); reading /proc instead", errno);
                        onFailure.run();
                        return;
                    }
                    continue;
                }
                dispatch(buf, n);
            }
        } catch (RuntimeException e) {
            LOG.warn("Process connector reader failed; reading /proc instead", e);
            onFailure.run();
        }
    }

    private void dispatch(MemorySegment buf, long n) {
        long at = 0;
        while (at + NLMSG_HDRLEN <= n) {
            int len = buf.get(INT, at);
            int type = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + 4));
            if (len < NLMSG_HDRLEN || at + len > n) {
                return;
            }
            if (type == NLMSG_OVERRUN) {
                overrun();
            } else if (type != NLMSG_ERROR && len >= NLMSG_HDRLEN + CN_MSG_LEN + EVENT_DATA + 8) {
                event(buf, at + NLMSG_HDRLEN + CN_MSG_LEN);
            }
            at += (len + 3) & ~3;
        }
    }

    private void overrun() {
        overruns.incrementAndGet();
        resync.lost(System.nanoTime());
    }

    private void reconcile() {
        resync.done();
        tracker.reconcile();
    }

    private void event(MemorySegment buf, long ev) {
        int what = buf.get(INT, ev);
        long nanos = buf.get(LONG, ev + 8);
        if (resync.dueBefore(nanos)) {
            reconcile();
        }
        long data = ev + EVENT_DATA;
        switch (what) {
            case PROC_EVENT_FORK -> {
                // parent_pid, parent_tgid, child_pid, child_tgid: a new thread has child_pid != child_tgid.
                int parentTgid = buf.get(INT, data + 4);
                int childPid = buf.get(INT, data + 8);
                int childTgid = buf.get(INT, data + 12);
                if (childPid == childTgid) {
                    tracker.forked(parentTgid, childTgid, nanos);
                }
            }
            case PROC_EVENT_EXEC -> tracker.executed(buf.get(INT, data + 4), nanos);
            case PROC_EVENT_EXIT -> {
                int pid = buf.get(INT, data);
                int tgid = buf.get(INT, data + 4);
                if (pid == tgid) {
                    tracker.exited(tgid);
                }
            }
            default -> {
                // uid, gid, sid, ptrace, comm and coredump changes are not reported
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Arena arena = Arena.ofConfined()) {
            control(fd, PROC_CN_MCAST_IGNORE, arena);
        }
        Libc.close(fd);
    }
}
