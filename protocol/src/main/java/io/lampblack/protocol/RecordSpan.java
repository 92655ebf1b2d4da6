package io.lampblack.protocol;

/**
 * Where one CbEventMsg lies in a framed event log.
 *
 * @param offset index of the first message byte (just after its 4-byte length prefix)
 * @param length message length in bytes, as given by the prefix
 */
public record RecordSpan(int offset, int length) {

    /** Index of the length prefix, which is what error messages and tools refer to. */
    public int frameOffset() {
        return offset - EventLogWriter.PREFIX_BYTES;
    }

    /** Index just past this record. */
    public int end() {
        return offset + length;
    }
}
