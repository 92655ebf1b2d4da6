package io.lampblack.server.binary;

import io.lampblack.server.problem.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where the files sensors upload are kept, one per MD5 (the role; {@link FileBinaryStore} keeps them on local
 * disk). A file is accepted only if its content has the MD5 it is filed under.
 */
public interface BinaryStore {

    /** The outcome of an accepted upload; {@code duplicate} when the store already had the file. */
    record Stored(StoredBinary file, boolean duplicate) {}

    /** Why an upload was refused, with the reason word the sensor protocol answers. */
    final class Rejected extends Exception implements Problem {
        private final Kind kind;
        private final String reason;

        public Rejected(Kind kind, String reason, String message) {
            super(message);
            this.kind = kind;
            this.reason = reason;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String reason() {
            return reason;
        }
    }

    /**
     * Stores {@code content} under {@code md5}, durably, if it is at most {@code maxBytes} long and its MD5 is
     * {@code md5}. Storing a file the store already has does nothing (and reads nothing).
     *
     * @throws Rejected    {@code bad_md5} and {@code md5_mismatch} (invalid), {@code binary_too_large} (too large)
     * @throws IOException the store could not write it
     */
    Stored put(String md5, InputStream content, long maxBytes) throws Rejected, IOException;

    boolean contains(String md5);

    /** The file's content, if the store has it; the caller closes the stream. */
    Optional<InputStream> open(String md5) throws IOException;
}
