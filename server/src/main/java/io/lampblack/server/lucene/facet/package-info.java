/**
 * Facet counts (reference §5) on Lucene, independent of any one schema.
 *
 * <p>In: an {@link org.apache.lucene.search.IndexSearcher}, the query whose matches are counted, and
 * {@link io.lampblack.server.lucene.facet.FacetRequest}s naming a doc-values field and how to count it (distinct
 * values of sorted or sorted-set doc values, distinct numbers, or per-day / per-month buckets of an epoch-ms number).
 * Out: per request, the {@link io.lampblack.server.search.facet.FacetEntry} list Carbon Black clients expect.
 */
package io.lampblack.server.lucene.facet;
