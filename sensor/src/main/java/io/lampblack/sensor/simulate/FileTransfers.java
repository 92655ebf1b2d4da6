package io.lampblack.sensor.simulate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/** How a simulated sensor moves live-response file contents to and from the server (§7's file calls). */
interface FileTransfers {

    /** Streams {@code content} to the server under {@code fileId} (a {@code get file} or {@code memdump}). */
    void upload(long sessionId, long fileId, Supplier<InputStream> content) throws IOException, InterruptedException;

    /** Streams the analyst's file {@code fileId} into {@code target} (a {@code put file}); answers its length. */
    long download(long sessionId, long fileId, Path target) throws IOException, InterruptedException;
}
