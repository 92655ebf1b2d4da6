package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.wire.ThreatIntelHit;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.intel.IgnoredReports;
import io.lampblack.server.intel.IngressMatcher;
import io.lampblack.server.intel.IocIndex;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feed reports naming a binary or a process ({@code GET /api/v1/binary/<md5>/threat_intel_hits},
 * {@code GET /api/v1/process/<guid>/<segment>/threat_intel_hits}): the reports of the loaded feeds (ignored ones left
 * out) whose indicators match the binary's MD5, or the process's indicators — its image's MD5, the MD5s of the modules
 * it loaded, the domains and remote addresses of its network connections. An unknown binary or process is a 404; a
 * known one without hits answers {@code []}, so a client does not take "no hits" for "no such object".
 */
public final class ThreatIntelHitsApi {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final IngressMatcher feeds;
    private final IgnoredReports ignored;
    private final BiPredicate<Caller, String> visibleBinary;
    private final ProcessApi processes;
    private final CallerScope scope;

    /**
     * @param visibleBinary whether the binary catalogue knows an (upper-case) MD5 seen on a sensor the caller may see
     * @param processes     the process documents with their events
     * @param scope         what each caller may see (who may read a process's hits)
     */
    public ThreatIntelHitsApi(
            IngressMatcher feeds,
            IgnoredReports ignored,
            BiPredicate<Caller, String> visibleBinary,
            ProcessApi processes,
            CallerScope scope) {
        this.feeds = feeds;
        this.ignored = ignored;
        this.visibleBinary = visibleBinary;
        this.processes = processes;
        this.scope = scope;
    }

    public void register(Router r) {
        r.route("GET", "/api/v1/binary/{md5}/threat_intel_hits", Router.Access.READ, ex -> {
            String md5 = ex.pathParam("md5").toUpperCase(Locale.ROOT);
            if (!md5.matches("[0-9A-F]{32}") || !visibleBinary.test(ex.caller(), md5))
                throw ApiException.notFound("binary " + md5);
            ex.json(200, hits(new Indicators(Set.of(md5.toLowerCase(Locale.ROOT)), Set.of(), Set.of())));
        });
        r.route(
                "GET",
                "/api/v1/process/{guid}/{segment}/threat_intel_hits",
                Router.Access.groupRead(scope::groupOfProcess),
                ex -> {
                    ObjectNode process = processes.eventDocument(
                            ProcessApi.guid(ex), ProcessApi.segmentNumber(ex.pathParam("segment")), 4);
                    ex.json(200, hits(indicatorsOf(process)));
                });
    }

    /** What a process is known by: MD5s (lower case), domains, IP addresses (text). */
    record Indicators(Set<String> md5s, Set<String> domains, Set<String> addresses) {}

    static Indicators indicatorsOf(ObjectNode process) {
        Set<String> md5s = new LinkedHashSet<>();
        addMd5(md5s, process.path("process_md5").asText(""));
        for (JsonNode m : process.path("modload_complete")) {
            String[] parts = m.asText().split("\\|", 3); // time|md5|path
            if (parts.length >= 2) addMd5(md5s, parts[1]);
        }
        Set<String> domains = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        for (JsonNode n : process.path("netconn_complete")) {
            String domain = n.path("domain").asText("");
            if (!domain.isBlank()) domains.add(domain);
            String ip = n.path("remote_ip").asText("");
            if (!ip.isBlank()) addresses.add(ip);
        }
        return new Indicators(md5s, domains, addresses);
    }

    private static void addMd5(Set<String> out, String md5) {
        if (md5.matches("(?i)[0-9a-f]{32}")) out.add(md5.toLowerCase(Locale.ROOT));
    }

    private List<ThreatIntelHit> hits(Indicators what) {
        Map<String, ThreatIntelHit> out = new LinkedHashMap<>();
        for (IocIndex index : feeds.loaded()) {
            List<IocIndex.Hit> found = new ArrayList<>();
            for (String md5 : what.md5s()) found.addAll(index.md5(HexFormat.of().parseHex(md5)));
            for (String domain : what.domains()) found.addAll(index.dns(domain));
            for (String ip : what.addresses()) found.addAll(address(index, ip));
            for (IocIndex.Hit h : found) {
                if (ignored.ignored(h.feedId(), h.reportId())) continue;
                ThreatIntelHit hit = ThreatIntelHit.of(h);
                out.putIfAbsent(h.feedId() + "|" + h.reportId() + "|" + hit.iocType() + "|" + hit.iocValue(), hit);
            }
        }
        return List.copyOf(out.values());
    }

    /** Reports naming an address given as text: a dotted IPv4 address or an IPv6 literal (never a name to resolve). */
    private static List<IocIndex.Hit> address(IocIndex index, String ip) {
        Matcher m = IPV4.matcher(ip);
        if (m.matches()) {
            int addr = 0;
            for (int g = 1; g <= 4; g++) {
                int octet = Integer.parseInt(m.group(g));
                if (octet > 255) return List.of();
                addr = addr << 8 | octet;
            }
            return index.ipv4(addr);
        }
        if (ip.contains(":") && ip.matches("[0-9A-Fa-f:.]+")) {
            try {
                return index.ipv6(java.net.InetAddress.getByName(ip).getAddress());
            } catch (java.net.UnknownHostException e) {
                return List.of();
            }
        }
        return List.of();
    }
}
