package io.lampblack.protocol;

/**
 * What one event-log upload may become once decoded, and where the heap it takes is reserved as decoding goes.
 *
 * <p>A few hundred kilobytes of gzip can inflate to millions of tiny records, and it is the parsed messages, not the
 * compressed bytes, that fill the heap. So the decoder is bounded in decompressed bytes and in events, and it reports
 * its {@linkplain #heap() estimated heap use} step by step, before allocating, so that a caller can refuse it
 * (by throwing) as soon as a budget is crossed, never after the whole upload is decoded.
 *
 * @param maxDecodedBytes limit on the plain stream (for plain bodies: on the body itself)
 * @param maxEvents       limit on the number of records
 * @param heap            told of each increment of estimated heap use before it is made
 */
public record DecodeLimits(int maxDecodedBytes, int maxEvents, HeapReservation heap) {

    public DecodeLimits {
        if (maxDecodedBytes < 0 || maxEvents < 0) {
            throw new IllegalArgumentException(
                    "Negative limit: " + maxDecodedBytes + " bytes, " + maxEvents + " events");
        }
        if (heap == null) {
            throw new IllegalArgumentException("No heap reservation (use HeapReservation.NONE)");
        }
    }

    /** Only a bound on decompressed bytes: for tools and tests that read trusted data. */
    public static DecodeLimits bytes(int maxDecodedBytes) {
        return new DecodeLimits(maxDecodedBytes, Integer.MAX_VALUE, HeapReservation.NONE);
    }

    /**
     * Receives the decoder's estimate of the heap it is about to take. It may refuse by throwing an unchecked
     * exception, which the decoder lets through unchanged, having allocated nothing more.
     */
    @FunctionalInterface
    public interface HeapReservation {

        /** Reserves nothing and refuses nothing. */
        HeapReservation NONE = bytes -> {};

        void reserve(long bytes);
    }
}
