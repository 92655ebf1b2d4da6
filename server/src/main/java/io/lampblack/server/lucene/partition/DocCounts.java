package io.lampblack.server.lucene.partition;

import org.apache.lucene.index.IndexReader;

/** The document and segment counts of the partition listing. */
public record DocCounts(int numDocs, int maxDoc, int deletedDocs, int segmentCount) {

    public static final DocCounts EMPTY = new DocCounts(0, 0, 0, 0);

    public static DocCounts of(IndexReader reader) {
        return new DocCounts(
                reader.numDocs(),
                reader.maxDoc(),
                reader.numDeletedDocs(),
                reader.leaves().size());
    }
}
