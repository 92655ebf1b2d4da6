package io.lampblack.sensor.liveresponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The session's file store on the server, as one command sees it: where the content of a {@code get file} or
 * {@code memdump} goes and where a {@code put file}'s content comes from. Neither is ever held in memory whole.
 */
public interface SessionFiles {

    /** Streams {@code content} to the server under {@code fileId}. */
    void upload(long fileId, Supplier<InputStream> content) throws IOException, InterruptedException;

    /** Streams the analyst's file {@code fileId} into {@code target} and answers its length. */
    long download(long fileId, Path target) throws IOException, InterruptedException;
}
