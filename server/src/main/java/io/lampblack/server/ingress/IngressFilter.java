package io.lampblack.server.ingress;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ingress filter as stored: what an administrator set ({@link Spec}) and what the server keeps about it.
 *
 * @param id       chosen by the client or generated
 * @param version  1 when created, one more with every change
 * @param hitCount events this filter dropped (reported as {@code hit_rate})
 */
public record IngressFilter(
        String id,
        Spec spec,
        Instant created,
        Instant modified,
        String createdBy,
        String modifiedBy,
        int version,
        long hitCount) {

    /** The operating systems of {@code os_mask}. */
    public static final int OS_WINDOWS = 1;

    public static final int OS_OSX = 2;
    public static final int OS_LINUX = 4;
    public static final int OS_ALL = OS_WINDOWS | OS_OSX | OS_LINUX;

    /**
     * What an administrator sets (the fields of reference §5.13 a client sends).
     *
     * @param global                   applies to every sensor (else to {@code groupIds} and {@code sensorIds})
     * @param osMask                   1 Windows, 2 OS X, 4 Linux, or a sum of them
     * @param pathFilters              process image paths (wildcards {@code *} and {@code ?})
     * @param cmdlineFilters           process command lines (wildcards)
     * @param md5Filters               process MD5s (32 hex digits, or wildcards)
     * @param descendantFilteringLevel generations of children filtered with a filtered process (0 = none)
     * @param filterAllEvents          every event of a matching process is dropped (else only the event types whose
     *                                 lists match)
     */
    public record Spec(
            String name,
            String description,
            int priority,
            boolean internal,
            boolean enabled,
            boolean filterOnSensor,
            boolean filterOnServer,
            boolean trackMetrics,
            int osMask,
            boolean global,
            List<Integer> groupIds,
            List<Integer> sensorIds,
            List<String> pathFilters,
            List<String> cmdlineFilters,
            List<String> md5Filters,
            int descendantFilteringLevel,
            boolean filterAllEvents,
            List<String> regmodFilters,
            List<String> modloadFilters,
            List<String> filemodFilters,
            List<String> nonBinaryFilemodFilters,
            List<String> netconnFilters,
            List<String> crossprocFilters) {

        public Spec {
            groupIds = List.copyOf(groupIds);
            sensorIds = List.copyOf(sensorIds);
            pathFilters = List.copyOf(pathFilters);
            cmdlineFilters = List.copyOf(cmdlineFilters);
            md5Filters = List.copyOf(md5Filters);
            regmodFilters = List.copyOf(regmodFilters);
            modloadFilters = List.copyOf(modloadFilters);
            filemodFilters = List.copyOf(filemodFilters);
            nonBinaryFilemodFilters = List.copyOf(nonBinaryFilemodFilters);
            netconnFilters = List.copyOf(netconnFilters);
            crossprocFilters = List.copyOf(crossprocFilters);
        }

        /** Whether the filter picks processes (by path, command line or MD5) rather than only event targets. */
        public boolean selectsProcesses() {
            return !pathFilters.isEmpty() || !cmdlineFilters.isEmpty() || !md5Filters.isEmpty();
        }

        /** Every pattern list by its REST field name, for validation. */
        Map<String, List<String>> patternLists() {
            Map<String, List<String>> m = new LinkedHashMap<>();
            m.put("path_filters", pathFilters);
            m.put("cmdline_filters", cmdlineFilters);
            m.put("md5_filters", md5Filters);
            m.put("regmod_filters", regmodFilters);
            m.put("modload_filters", modloadFilters);
            m.put("filemod_filters", filemodFilters);
            m.put("non_binary_filemod_filters", nonBinaryFilemodFilters);
            m.put("netconn_filters", netconnFilters);
            m.put("crossproc_filters", crossprocFilters);
            return m;
        }
    }

    public IngressFilter withHits(long hits) {
        return new IngressFilter(id, spec, created, modified, createdBy, modifiedBy, version, hits);
    }
}
