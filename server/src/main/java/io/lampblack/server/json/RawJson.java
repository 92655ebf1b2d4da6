package io.lampblack.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A JSON value that is already serialised (a stored process document), written into a document as it is: its bytes
 * are copied into the output, never parsed or re-encoded. The bytes must be one valid JSON value in UTF-8; nothing
 * checks it (that is the point).
 */
public final class RawJson extends JsonSerializable.Base {

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** @param utf8 one JSON value, UTF-8; not copied, so not to be changed afterwards */
    public static RawJson of(byte[] utf8) {
        return new RawJson(utf8);
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeRawValue(new Utf8(utf8));
    }

    /** The mapper writes no type ids; a raw value could not carry one anyway. */
    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /**
     * The bytes as Jackson's raw-write interface wants them. A UTF-8 generator copies them straight into its buffer
     * ({@link #appendUnquotedUTF8}) or writes them through ({@link #asUnquotedUTF8}); only a character-based generator
     * (writing to a {@code Writer}) decodes them, through {@link #getValue}.
     */
    private record Utf8(byte[] utf8) implements SerializableString {

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw quoted();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw quoted();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw quoted();
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw quoted();
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) return -1;
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String s = getValue();
            if (offset + s.length() > buffer.length) return -1;
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw quoted();
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw quoted();
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < utf8.length) return -1;
            buffer.put(utf8);
            return utf8.length;
        }

        /** Quoting is for names and strings; a raw value is written as it is, never as a string. */
        private static UnsupportedOperationException quoted() {
            return new UnsupportedOperationException("a raw JSON value is never written quoted");
        }
    }
}
