package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Keeps a listing's result (directory entries, processes) within {@link #MAX_BYTES} of JSON while it is built. The
 * server takes results of at most 16 MiB; a bigger one would be refused after the sensor built it in its small heap
 * and sent it, so the listing stops as soon as it would pass the cap and the command fails saying what to do.
 */
final class ResultSize {

    /** Half the server's limit on a result: room for the rest of the result and the JSON around it. */
    static final long MAX_BYTES = 8L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long max;
    private final String tooLarge;
    private long bytes;

    /** @param tooLarge what the failure says when the cap is passed (how to ask for less) */
    ResultSize(String tooLarge) {
        this(MAX_BYTES, tooLarge);
    }

    ResultSize(long max, String tooLarge) {
        this.max = max;
        this.tooLarge = tooLarge;
    }

    /** Counts one element of the result; a {@link CommandFailure} (E_FAIL) once they pass the cap together. */
    void add(JsonNode element) throws CommandFailure {
        bytes += serializedSize(element) + 1; // and the comma
        if (bytes > max) {
            throw new CommandFailure(
                    LiveResponseProtocol.E_FAIL, tooLarge + " (the result would pass " + (max >> 20) + " MiB)");
        }
    }

    private static long serializedSize(JsonNode n) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try {
            JSON.writeValue(counter, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // nothing to fail in counting bytes
        }
        return count[0];
    }
}
