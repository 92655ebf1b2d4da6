package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileModAction;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File changes under the watched directories from inotify, which any user may use on what they can read. Inotify does
 * not tell who changed a file: its events go to the unknown writer. Used alone without root; as root beside fanotify,
 * for creations and removals only (fanotify names the writers of writes).
 */
final class InotifySource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InotifySource.class);

    // linux/inotify.h
    private static final int IN_NONBLOCK = 0x800;
    private static final int IN_CLOEXEC = 0x80000;
    static final int IN_MODIFY = 0x2;
    static final int IN_CLOSE_WRITE = 0x8;
    static final int IN_MOVED_FROM = 0x40;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_CREATE = 0x100;
    static final int IN_DELETE = 0x200;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int IN_IGNORED = 0x8000;
    private static final int IN_ISDIR = 0x4000_0000;
    /** Every change this source can report. */
    static final int ALL = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE;
    /** What is left to it beside fanotify. */
    static final int CREATE_DELETE = IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE;

    private final int fd;
    private final int mask;
    private final FileModWatcher watcher;
    private final Map<Integer, Path> directories = new HashMap<>();
    /** Watched directories, each with its file key when watched. */
    private final Map<Path, Object> marked = new HashMap<>();

    private final NotificationReader reader;

    private InotifySource(int fd, int mask, FileModWatcher watcher) {
        this.fd = fd;
        this.mask = mask;
        this.watcher = watcher;
        this.reader = new NotificationReader(fd, "inotify", (buf, n) -> {
            if (dispatch(buf, n)) {
                refresh();
            }
        });
    }

    static InotifySource open(FileModWatcher watcher, int mask) throws IOException {
        int fd = Libc.inotifyInit(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0) {
            throw new IOException("inotify_init1: errno " + Libc.errno());
        }
        InotifySource source = new InotifySource(fd, mask, watcher);
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
     * Watches the watched directories not watched yet (new subdirectories, and directories made again under a watched
     * path); drops the watches of those gone (a directory moved out of the tree would still report, under its old
     * path).
     */
    synchronized void refresh() {
        FileModWatcher.Marking m = watcher.marking(marked);
        for (Path dir : m.gone()) {
            marked.remove(dir);
            forget(dir);
        }
        m.toMark().forEach((dir, key) -> {
            if (marked.containsKey(dir)) {
                forget(dir); // made again under this path: the old directory's watch, if any, is not this path's
            }
            int wd = Libc.inotifyAddWatch(fd, dir.toString(), mask);
            if (wd >= 0) {
                synchronized (directories) {
                    directories.put(wd, dir);
                }
                marked.put(dir, key);
            } else {
                LOG.debug("inotify_add_watch {}: errno {}", dir, Libc.errno());
            }
        });
    }

    private synchronized void unmark(Path dir) {
        marked.remove(dir);
    }

    /** Removes the watches that name {@code dir}. */
    private void forget(Path dir) {
        List<Integer> wds = new ArrayList<>();
        synchronized (directories) {
            directories.entrySet().removeIf(e -> {
                if (e.getValue().equals(dir)) {
                    wds.add(e.getKey());
                    return true;
                }
                return false;
            });
        }
        for (int wd : wds) {
            Libc.inotifyRmWatch(fd, wd); // fails harmlessly when the kernel removed it already
        }
    }

    /**
     * Hands the events read into {@code buf} to the watcher; true when a directory may have been made (to be watched).
     */
    boolean dispatch(MemorySegment buf, long n) {
        long at = 0;
        boolean newDirectory = false;
        // struct inotify_event: wd s32, mask u32, cookie u32, len u32, name[len] (NUL-padded)
        while (at + 16 <= n) {
            int wd = buf.get(ValueLayout.JAVA_INT_UNALIGNED, at);
            int m = buf.get(ValueLayout.JAVA_INT_UNALIGNED, at + 4);
            int len = buf.get(ValueLayout.JAVA_INT_UNALIGNED, at + 12);
            String name = name(buf, at + 16, len);
            at += 16 + len;
            if ((m & IN_Q_OVERFLOW) != 0) {
                watcher.overflowed();
                newDirectory = true; // a lost creation may have been a directory's
                continue;
            }
            if ((m & IN_IGNORED) != 0) {
                // The watch is gone with its directory: its number names nothing now, and a directory made again
                // under that path (maybe with the same inode number) is to be watched anew.
                Path gone;
                synchronized (directories) {
                    gone = directories.remove(wd);
                }
                if (gone != null) {
                    unmark(gone);
                    newDirectory = true;
                }
                continue;
            }
            if (name.isEmpty()) {
                continue;
            }
            Path dir;
            synchronized (directories) {
                dir = directories.get(wd);
            }
            if (dir == null) {
                continue;
            }
            if ((m & IN_ISDIR) != 0) {
                newDirectory |= (m & (IN_CREATE | IN_MOVED_TO)) != 0;
                continue;
            }
            try {
                report(dir.resolve(name), m);
            } catch (RuntimeException e) {
                watcher.failed(e); // one event that could not be handled; the reader goes on
            }
        }
        return newDirectory;
    }

    private void report(Path path, int m) {
        if ((m & (IN_CREATE | IN_MOVED_TO)) != 0) {
            watcher.changed(path, CbFileModAction.actionFileModCreate, 0);
        }
        if ((m & IN_MODIFY) != 0) {
            watcher.changed(path, CbFileModAction.actionFileModWrite, 0);
        }
        if ((m & IN_CLOSE_WRITE) != 0) {
            watcher.changed(path, CbFileModAction.actionFileModLastWrite, 0);
        }
        if ((m & (IN_DELETE | IN_MOVED_FROM)) != 0) {
            watcher.changed(path, CbFileModAction.actionFileModDelete, 0);
        }
    }

    private static String name(MemorySegment buf, long at, int len) {
        int end = 0;
        while (end < len && buf.get(ValueLayout.JAVA_BYTE, at + end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, at, bytes, 0, end);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        reader.close();
    }
}
