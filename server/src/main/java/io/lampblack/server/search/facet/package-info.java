/**
 * Facet values as clients read them (reference §5): the {@link io.lampblack.server.search.facet.FacetEntry} list
 * ({@code name}, {@code value}, {@code percent} of the largest count, {@code ratio} of all counts) of one facet,
 * ready to be rendered under the envelope's {@code facets} key. In: counts from an index (on Lucene:
 * {@code lucene.facet}). Out: the entries, to process, binary and record search pages.
 */
package io.lampblack.server.search.facet;
