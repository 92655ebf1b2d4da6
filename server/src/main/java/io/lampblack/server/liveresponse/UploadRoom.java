package io.lampblack.server.liveresponse;

/**
 * Storage taken from the budget for an analyst's upload before a byte of it is read, so that uploads in flight can
 * never hold more than {@code --lr-max-storage} together (the multipart parser writes the part to disk as it
 * arrives and is told to stop at {@link #bytes()}). The stored file keeps what it needs; closing gives back the rest,
 * or all of it when the upload failed.
 */
public final class UploadRoom implements AutoCloseable {

    private final StorageBudget budget;
    private final long bytes;
    private long kept = -1;

    UploadRoom(StorageBudget budget, long bytes) {
        this.budget = budget;
        this.bytes = bytes;
    }

    /** The most the upload may hold. */
    public long bytes() {
        return bytes;
    }

    /** The file was stored with {@code size} bytes: those stay reserved, the surplus goes back now. */
    synchronized void keep(long size) {
        if (kept >= 0 || size > bytes) throw new IllegalStateException("kept " + size + " of " + bytes);
        kept = size;
        budget.release(bytes - size);
    }

    @Override
    public synchronized void close() {
        if (kept < 0) {
            kept = 0;
            budget.release(bytes);
        }
    }
}
