package io.lampblack.server.api;

import io.lampblack.server.api.wire.ThreatIntelHit;
import io.lampblack.server.intel.IgnoredReports;
import io.lampblack.server.intel.IngressMatcher;
import io.lampblack.server.intel.IocIndex;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/binary/<md5>/threat_intel_hits}: the reports of the loaded feeds that name this binary's MD5
 * (ignored reports left out). A binary the server has not seen is a 404; a known one without hits answers {@code []},
 * as the process route does, so a client does not take "no hits" for "no binary".
 */
public final class BinaryThreatIntelApi {

    private final IngressMatcher feeds;
    private final IgnoredReports ignored;
    private final Predicate<String> knownBinary;

    /** @param knownBinary whether the binary catalogue knows an (upper-case) MD5 */
    public BinaryThreatIntelApi(IngressMatcher feeds, IgnoredReports ignored, Predicate<String> knownBinary) {
        this.feeds = feeds;
        this.ignored = ignored;
        this.knownBinary = knownBinary;
    }

    public void register(Router r) {
        r.route("GET", "/api/v1/binary/{md5}/threat_intel_hits", Router.Access.READ, ex -> {
            String md5 = ex.pathParam("md5").toUpperCase(Locale.ROOT);
            if (!md5.matches("[0-9A-F]{32}") || !knownBinary.test(md5)) throw ApiException.notFound("binary " + md5);
            byte[] raw = HexFormat.of().parseHex(md5);
            List<ThreatIntelHit> out = new ArrayList<>();
            for (IocIndex index : feeds.loaded()) {
                for (IocIndex.Hit h : index.md5(raw)) {
                    if (!ignored.ignored(h.feedId(), h.reportId())) out.add(ThreatIntelHit.of(h));
                }
            }
            ex.json(200, out);
        });
    }
}
