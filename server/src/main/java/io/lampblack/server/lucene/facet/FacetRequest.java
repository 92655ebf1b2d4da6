package io.lampblack.server.lucene.facet;

import java.util.Objects;

/**
 * One facet to count: the name it is reported under, the doc-values field it reads, and how values are grouped.
 *
 * @param name    the key in the envelope's {@code facets} object
 * @param field   the doc-values field
 * @param kind    how a document's values become facet values
 * @param buckets for date kinds, how many days or months back from now are counted; otherwise 0
 */
public record FacetRequest(String name, String field, Kind kind, int buckets) {

    public enum Kind {
        /** Distinct values of sorted or sorted-set doc values (keywords), by count; top {@value FacetCounter#MAX_ENTRIES}. */
        TERMS,
        /** Distinct numbers of numeric doc values, by count; top {@value FacetCounter#MAX_ENTRIES}. */
        NUMBERS,
        /** Epoch-ms numeric doc values bucketed per UTC day, the last {@code buckets} days, oldest first. */
        DAYS,
        /** Epoch-ms numeric doc values bucketed per UTC month, the last {@code buckets} months, oldest first. */
        MONTHS,
        /** Epoch-ms numeric doc values as the hour of the day they fall in (0–23, UTC), by count. */
        HOUR_OF_DAY,
        /** Epoch-ms numeric doc values as the ISO day of the week (1 = Monday … 7 = Sunday, UTC), by count. */
        DAY_OF_WEEK
    }

    public FacetRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.DAYS || kind == Kind.MONTHS) != buckets > 0) {
            throw new IllegalArgumentException("date facets need a positive bucket count, other facets none");
        }
    }

    public static FacetRequest terms(String field) {
        return new FacetRequest(field, field, Kind.TERMS, 0);
    }

    public static FacetRequest numbers(String field) {
        return new FacetRequest(field, field, Kind.NUMBERS, 0);
    }

    /** A date field read as the hour of the day, or the day of the week ({@code kind} HOUR_OF_DAY / DAY_OF_WEEK). */
    public static FacetRequest derived(String name, String field, Kind kind) {
        return new FacetRequest(name, field, kind, 0);
    }

    /** Per day over the last {@code days} days (Carbon Black: 30 for server_added_timestamp and start). */
    public static FacetRequest days(String field, int days) {
        return new FacetRequest(field, field, Kind.DAYS, days);
    }

    /** Per month over the last {@code months} months (Carbon Black: 48 for digsig_sign_time). */
    public static FacetRequest months(String field, int months) {
        return new FacetRequest(field, field, Kind.MONTHS, months);
    }
}
