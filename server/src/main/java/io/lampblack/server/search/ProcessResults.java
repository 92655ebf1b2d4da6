package io.lampblack.server.search;

import java.util.List;

/** A page of segments and the total number of matching segments. */
public record ProcessResults(long total, List<ProcessHit> hits) {
}
