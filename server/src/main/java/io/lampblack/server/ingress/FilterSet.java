package io.lampblack.server.ingress;

import java.util.ArrayList;
import java.util.List;

/** The enabled server-side filters at one moment, highest priority first; replaced whole on every change. */
final class FilterSet {

    static final FilterSet EMPTY = new FilterSet(List.of());

    private final List<CompiledFilter> filters;

    FilterSet(List<CompiledFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    /** The filters that apply to one sensor, in priority order. */
    List<CompiledFilter> forSensor(int sensorId, int groupId, int osBit) {
        List<CompiledFilter> out = null;
        for (CompiledFilter f : filters) {
            if (!f.appliesTo(sensorId, groupId, osBit)) continue;
            if (out == null) out = new ArrayList<>(filters.size());
            out.add(f);
        }
        return out == null ? List.of() : out;
    }
}
