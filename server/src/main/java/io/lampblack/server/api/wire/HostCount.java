package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.search.ProcessFrequency;

/**
 * {@code GET /api/v1/process/host/count?name=md5&md5=<MD5>} (reference §4.2, cbapi's {@code binary.frequency}): on how
 * many hosts a binary ran as a process, out of how many hosts, and how many process documents it has.
 */
public record HostCount(
        @JsonProperty("hostCount") long hostCount,
        @JsonProperty("globalCount") long globalCount,
        @JsonProperty("numDocs") long numDocs) {

    public static HostCount of(ProcessFrequency f) {
        return new HostCount(f.hostCount(), f.globalCount(), f.numDocs());
    }
}
