package io.lampblack.server.ingress;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where ingress filters live (the metadata database: {@code store.JdbcIngressFilterStore}). */
public interface IngressFilterStore {

    List<IngressFilter> all();

    Optional<IngressFilter> find(String id);

    /** @return false when a filter with this id exists already (nothing written) */
    boolean create(IngressFilter filter);

    /** Replaces what an administrator sets, the modification facts and the version; false when the id is unknown. */
    boolean update(IngressFilter filter);

    boolean delete(String id);

    /** Adds counted hits to the filters' stored counts, in one transaction; unknown ids are ignored. */
    void addHits(Map<String, Long> hits);
}
