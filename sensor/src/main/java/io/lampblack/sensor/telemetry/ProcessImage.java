package io.lampblack.sensor.telemetry;

import io.lampblack.sensor.telemetry.FileHasher.FileHash;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One process as Carbon Black counts them: a program image that a pid runs from an exec (or that was running when
 * the telemetry started) until it exits or execs again. Its identity is (pid, create time); forked children that do
 * not exec belong to it (their events carry its identity and their own pid as {@code fork_pid}).
 *
 * @param createTime       FILETIME: the pid's start as /proc shows it, or the time of a second exec in the same pid
 * @param path             the executable, "" when unknown
 * @param uid              the owner's uid, -1 when unknown
 * @param parent           the process that started it, {@link #UNKNOWN} when unknown
 * @param hash             the executable's hashes, once known (empty when they could not be had)
 * @param creationObserved false for processes already running when the telemetry started
 */
record ProcessImage(
        int pid,
        long createTime,
        String path,
        String cmdline,
        int uid,
        String username,
        ProcessImage parent,
        CompletableFuture<Optional<FileHash>> hash,
        boolean creationObserved) {

    /** The parent of a process whose parent is not known: pid -1 and create time 0, as Carbon Black sends it. */
    static final ProcessImage UNKNOWN =
            new ProcessImage(-1, 0, "", "", -1, "", null, CompletableFuture.completedFuture(Optional.empty()), false);

    /** A process known only by pid and create time (a parent that exited before it was read). */
    static ProcessImage stub(int pid, long createTime) {
        return new ProcessImage(
                pid, createTime, "", "", -1, "", UNKNOWN, CompletableFuture.completedFuture(Optional.empty()), false);
    }

    boolean known() {
        return pid != -1;
    }

    /** The hashes if already computed; never waits. */
    Optional<FileHash> hashNow() {
        return hash.isDone() && !hash.isCompletedExceptionally() ? hash.join() : Optional.empty();
    }

    /**
     * Carbon Black's legacy 64-bit process id (header {@code process_guid}, {@code parent_guid}, {@code child_guid}):
     * opaque to consumers, only required to be the same in every message about one process; derived from pid and
     * create time so that it is.
     */
    long legacyId() {
        if (!known()) {
            return 0;
        }
        long h = createTime * 0x9E3779B97F4A7C15L ^ ((long) pid << 17);
        return h & Long.MAX_VALUE;
    }

    /** One process is one (pid, create time), whatever else was read about it. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessImage other && other.pid == pid && other.createTime == createTime;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(createTime * 31 + pid);
    }

    String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
