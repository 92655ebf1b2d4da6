package io.lampblack.server.lucene.schema;

import org.apache.lucene.document.IntPoint;
import org.apache.lucene.search.Query;

/**
 * IPv4 addresses are indexed as 4-byte points. Sensors hand over the address as a big-endian
 * signed int, whose signed order is not address order (192.168.x.x is negative); flipping the
 * sign bit makes it so, and a CIDR block becomes one contiguous range.
 */
public final class Ipv4Encoding {

    private Ipv4Encoding() {}

    /** The point value indexed for an address given as a big-endian int. */
    public static int sortable(int address) {
        return address ^ Integer.MIN_VALUE;
    }

    /** Matches documents with an address in {@code [first, last]} (unsigned address order, inclusive). */
    public static Query rangeQuery(String field, int first, int last) {
        return IntPoint.newRangeQuery(field, sortable(first), sortable(last));
    }
}
