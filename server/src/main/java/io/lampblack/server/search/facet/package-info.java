/**
 * Facet counts (reference §5), independent of any one schema.
 *
 * <p>In: an {@link org.apache.lucene.search.IndexSearcher}, the query whose matches are counted, and
 * {@link io.lampblack.server.search.facet.FacetRequest}s naming a doc-values field and how to count it (distinct
 * values of sorted or sorted-set doc values, distinct numbers, or per-day / per-month buckets of an epoch-ms number).
 * Out: per request, the {@link io.lampblack.server.search.facet.FacetEntry} list Carbon Black clients expect
 * ({@code name}, {@code value}, {@code percent} of the largest count, {@code ratio} of all counts), ready to be
 * rendered under the envelope's {@code facets} key.
 */
package io.lampblack.server.search.facet;
