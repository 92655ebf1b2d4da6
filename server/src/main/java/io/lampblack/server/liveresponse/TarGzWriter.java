package io.lampblack.server.liveresponse;

import io.lampblack.server.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;

/**
 * A session's archive: a gzipped tar ({@link TarWriter}) of files readable by all ({@code 0644}), written as it goes.
 * Every entry carries the time the archive was made: the writer starts at the first entry's, and refuses an entry of
 * another time. Closing it ends the archive and frees its compressor; the stream underneath stays open.
 */
final class TarGzWriter implements AutoCloseable {

    private final OutputStream target;
    private TarWriter tar;
    private long mtimeSeconds;

    TarGzWriter(OutputStream target) {
        this.target = target;
    }

    void add(String name, byte[] content, long mtimeSeconds) throws IOException {
        add(name, content.length, new ByteArrayInputStream(content), mtimeSeconds);
    }

    void add(String name, long size, InputStream content, long mtimeSeconds) throws IOException {
        tarAt(mtimeSeconds).file(name, 0644, size, content);
    }

    private TarWriter tarAt(long mtimeSeconds) throws IOException {
        if (tar == null) {
            tar = TarWriter.gzipped(target, mtimeSeconds, Deflater.DEFAULT_COMPRESSION);
            this.mtimeSeconds = mtimeSeconds;
        } else if (mtimeSeconds != this.mtimeSeconds) {
            throw new IllegalArgumentException("every entry of a session archive carries the time it was made");
        }
        return tar;
    }

    @Override
    public void close() throws IOException {
        tarAt(tar == null ? 0 : mtimeSeconds).close();
    }
}
