package io.lampblack.server.lucene.process;

import io.lampblack.protocol.ProcessGuid;

/**
 * A 64-bit key per process, kept in every segment document's doc values ({@link #FIELD}), so that comprehensive
 * search can collect and test sets of processes as plain longs instead of 36-character GUID strings.
 *
 * <p>The key is a hash of the 128-bit GUID. Two processes with the same key would be joined as one by
 * comprehensive search; with a million processes the odds of any such pair are about 1 in 36 million.
 */
public final class ProcessKeys {

    public static final String FIELD = "_gk";

    private ProcessKeys() {}

    public static long of(ProcessGuid guid) {
        return mix(mix(guid.mostSignificant()) ^ guid.leastSignificant());
    }

    public static long of(String guidText) {
        return of(ProcessGuid.parse(guidText));
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
