package io.lampblack.sensor.liveresponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The session's file store on the server, as one command sees it: where the content of a {@code get file} or
 * {@code memdump} goes and where a {@code put file}'s content comes from. Neither is ever held in memory whole.
 */
public interface SessionFiles {

    /** Streams {@code content} to the server under {@code fileId}. */
    void upload(long fileId, Supplier<InputStream> content) throws IOException, InterruptedException;

    /**
     * Streams the analyst's file {@code fileId} into {@code target} (a file the caller opened and owns) and answers
     * the bytes written, stopping after {@code maxBytes + 1}: one byte more than allowed says "too long".
     */
    long download(long fileId, OutputStream target, long maxBytes) throws IOException, InterruptedException;
}
