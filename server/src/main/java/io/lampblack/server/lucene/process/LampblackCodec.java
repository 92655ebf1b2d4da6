package io.lampblack.server.lucene.process;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;

/**
 * Lucene's default codec with one change: stored fields (the segment documents and raw events, written for every
 * segment and read only for the page of results shown) are compressed with plain fast LZ4 instead of the
 * dictionary-primed, higher-ratio LZ4 of BEST_SPEED, which costs several times more CPU at ingest. Registered
 * through {@code META-INF/services} so that Lucene can open the index again by the codec's name.
 */
public final class LampblackCodec extends FilterCodec {

    public static final String NAME = "Lampblack103";

    private final StoredFieldsFormat storedFields = new Lucene90CompressingStoredFieldsFormat(
            "LampblackStoredFieldsFast", CompressionMode.FAST, 64 * 1024, 1024, 10);

    public LampblackCodec() {
        super(NAME, new Lucene103Codec());
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
        return storedFields;
    }
}
