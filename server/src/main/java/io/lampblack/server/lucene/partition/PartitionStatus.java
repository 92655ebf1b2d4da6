package io.lampblack.server.lucene.partition;

import java.util.Locale;

/**
 * Carbon Black's partition states: {@code hot} is the one partition being written, {@code warm} a rolled,
 * read-only partition that searches include, {@code cold} a rolled partition kept on disk but not searched (no open
 * files).
 */
public enum PartitionStatus {
    HOT,
    WARM,
    COLD;

    /** The lower-case word the listing and the catalogue use. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PartitionStatus ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
