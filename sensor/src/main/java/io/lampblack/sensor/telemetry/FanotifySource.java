package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileModAction;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File writes under the watched directories from fanotify (root only): each notification names the writing process.
 * Fanotify in this mode (file descriptors, no file-handle reporting, which older kernels lack) tells writes and the
 * close after writing, not creations or removals; those come from {@link InotifySource} beside it.
 */
final class FanotifySource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FanotifySource.class);

    // linux/fanotify.h
    private static final int FAN_CLOEXEC = 0x1;
    private static final int FAN_NONBLOCK = 0x2;
    private static final int FAN_CLASS_NOTIF = 0x0;
    private static final int FAN_MARK_ADD = 0x1;
    private static final long FAN_MODIFY = 0x2;
    private static final long FAN_CLOSE_WRITE = 0x8;
    private static final long FAN_Q_OVERFLOW = 0x4000;
    private static final long FAN_EVENT_ON_CHILD = 0x0800_0000;
    /** fanotify_event_metadata: event_len u32, vers u8, reserved u8, metadata_len u16, mask u64, fd s32, pid s32. */
    private static final int METADATA_LEN = 24;

    private static final String DELETED = " (deleted)";

    private final int fd;
    private final FileModWatcher watcher;

    private final NotificationReader reader;

    private FanotifySource(int fd, FileModWatcher watcher) {
        this.fd = fd;
        this.watcher = watcher;
        this.reader = new NotificationReader(fd, "fanotify", this::dispatch);
    }

    /** @throws IOException when fanotify is not available (not root, or a kernel without it) */
    static FanotifySource open(FileModWatcher watcher) throws IOException {
        int fd = Libc.fanotifyInit(
                FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, Libc.O_RDONLY | Libc.O_LARGEFILE | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("fanotify_init: errno " + Libc.errno());
        }
        FanotifySource source = new FanotifySource(fd, watcher);
        try {
            source.refresh();
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        source.reader.start();
        return source;
    }

    /**
     * Marks every watched directory there now (new subdirectories included). A mark belongs to the directory's inode,
     * and fanotify in this mode does not tell when one goes: a directory removed and made again under the same path,
     * maybe with the same inode number, has none, while marking a marked directory again changes nothing. A directory
     * moved out of the tree keeps its mark; what is written there is not reported.
     */
    synchronized void refresh() {
        for (Path dir : watcher.marking(Map.of()).toMark().keySet()) {
            if (Libc.fanotifyMark(fd, FAN_MARK_ADD, FAN_MODIFY | FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD, dir.toString())
                    != 0) {
                LOG.debug("fanotify_mark {}: errno {}", dir, Libc.errno());
            }
        }
    }

    /** Hands the notifications read into {@code buf} to the watcher, closing each one's file descriptor. */
    void dispatch(MemorySegment buf, long n) {
        long at = 0;
        while (at + METADATA_LEN <= n) {
            int len = buf.get(ValueLayout.JAVA_INT_UNALIGNED, at);
            long mask = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 8);
            int eventFd = buf.get(ValueLayout.JAVA_INT_UNALIGNED, at + 16);
            int pid = buf.get(ValueLayout.JAVA_INT_UNALIGNED, at + 20);
            if (len < METADATA_LEN) {
                break;
            }
            if ((mask & FAN_Q_OVERFLOW) != 0) {
                watcher.overflowed(); // comes without a file (FAN_NOFD)
            }
            if (eventFd >= 0) {
                handle(eventFd, mask, pid);
            }
            at += len;
        }
    }

    private void handle(int eventFd, long mask, int pid) {
        try {
            String link =
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + eventFd)).toString();
            // A file removed before its notification is read is named so by /proc: reported by its path.
            Path path = Path.of(link.endsWith(DELETED) ? link.substring(0, link.length() - DELETED.length()) : link);
            if ((mask & FAN_MODIFY) != 0) {
                watcher.changed(path, CbFileModAction.actionFileModWrite, pid);
            }
            if ((mask & FAN_CLOSE_WRITE) != 0) {
                watcher.changed(path, CbFileModAction.actionFileModLastWrite, pid);
            }
        } catch (IOException e) {
            // the descriptor's path could not be read: nothing to report
        } catch (RuntimeException e) {
            // one notification that could not be handled; the reader goes on (and the descriptor is closed)
            watcher.failed(e);
        } finally {
            Libc.close(eventFd);
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
