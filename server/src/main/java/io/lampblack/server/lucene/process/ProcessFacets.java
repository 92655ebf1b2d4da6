package io.lampblack.server.lucene.process;

import io.lampblack.server.lucene.facet.FacetRequest;
import io.lampblack.server.search.query.RequestParameters;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.ProcessFields;
import io.lampblack.server.search.schema.ProcessSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The process facets of reference §5 as facet-counter requests: keyword fields count their values as the sensor
 * reported them, {@code start} per day over the last 30 days, {@code hour_of_day} and {@code day_of_week} derived
 * from the start time.
 */
final class ProcessFacets {

    static final String HOUR_OF_DAY = "hour_of_day";
    static final String DAY_OF_WEEK = "day_of_week";

    private ProcessFacets() {}

    /** @throws io.lampblack.server.problem.InvalidInput for a field that is not a process facet */
    static List<FacetRequest> requests(List<String> fields) {
        List<FacetRequest> out = new ArrayList<>();
        for (String name : fields) {
            switch (name) {
                case HOUR_OF_DAY ->
                    out.add(FacetRequest.derived(name, ProcessFields.START, FacetRequest.Kind.HOUR_OF_DAY));
                case DAY_OF_WEEK ->
                    out.add(FacetRequest.derived(name, ProcessFields.START, FacetRequest.Kind.DAY_OF_WEEK));
                default -> {
                    FieldSpec spec = ProcessSchema.INSTANCE
                            .field(name)
                            .filter(FieldSpec::facetable)
                            .orElseThrow(
                                    () -> RequestParameters.invalid("'" + name + "' is not a process facet field"));
                    out.add(spec.kind() == FieldKind.DATETIME ? FacetRequest.days(name, 30) : FacetRequest.terms(name));
                }
            }
        }
        return out;
    }
}
