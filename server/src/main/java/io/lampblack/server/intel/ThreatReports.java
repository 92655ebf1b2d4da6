package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.json.Json;
import io.lampblack.server.search.RecordPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every enabled or disabled feed's reports, searchable ({@code /api/v1/threat_report}) in their {@link ReportStore},
 * and the analyst's decision to ignore some of them. A synchronisation replaces a feed's reports whole; ignoring
 * survives it (it is kept in {@code feed_report_state} and applied again).
 */
public final class ThreatReports implements AutoCloseable {

    private static final int BATCH = 2_000;

    private final ReportStore index;
    private final IgnoredReports ignored;

    /** @param store where the reports are kept; closed with these reports */
    public ThreatReports(ReportStore store, IgnoredReports ignored) {
        this.index = store;
        this.ignored = ignored;
    }

    public IgnoredReports ignored() {
        return ignored;
    }

    /** Replaces a feed's reports with those of its (valid) document. */
    public void replace(Feed feed, Path document) {
        index.deleteMatching("feed_id:" + feed.id());
        List<ObjectNode> batch = new ArrayList<>(BATCH);
        try (InputStream in = Files.newInputStream(document)) {
            FeedParser.parse(in, r -> {
                batch.add(json(feed, r));
                if (batch.size() == BATCH) {
                    index.put(batch);
                    batch.clear();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + document, e);
        } catch (InvalidFeedException e) {
            throw new IllegalStateException("a kept feed document is invalid: " + e.getMessage(), e);
        }
        index.put(batch);
    }

    /** How many reports of the feed are searchable. */
    public long count(long feedId) {
        return index.search(Map.of("q", List.of("feed_id:" + feedId), "rows", List.of("0")))
                .total();
    }

    public void forget(long feedId) {
        index.deleteMatching("feed_id:" + feedId);
        ignored.forget(feedId);
    }

    public Optional<ObjectNode> get(long feedId, String reportId) {
        return index.get(FeedStore.reportKey(feedId, reportId));
    }

    public RecordPage search(Map<String, List<String>> params) {
        return index.search(params);
    }

    /** Ignores or heeds a report again; false when there is no such report. */
    public boolean setIgnored(long feedId, String reportId, boolean ignore) {
        Optional<ObjectNode> r = get(feedId, reportId);
        r.ifPresent(report -> setIgnored(List.of(report), ignore));
        return r.isPresent();
    }

    /** Ignores or heeds these reports (as found by {@link #get} or {@link #search}). */
    public void setIgnored(List<ObjectNode> found, boolean ignore) {
        List<Map.Entry<Long, String>> keys = new ArrayList<>(found.size());
        for (ObjectNode r : found) {
            keys.add(Map.entry(r.path("feed_id").asLong(), r.path("id").asText()));
            r.put("is_ignored", ignore);
        }
        ignored.set(keys, ignore);
        index.put(found);
    }

    /** A report as the API shows it (reference §5.10). */
    private ObjectNode json(Feed feed, FeedReport r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("feed_id", feed.id());
        o.put("feed_name", feed.info().name());
        o.put("feed_category", feed.info().category());
        o.put("title", r.title());
        o.put("score", r.score());
        o.put("link", r.link());
        o.put("timestamp", r.timestamp());
        o.put("description", r.description());
        ArrayNode tags = o.putArray("tags");
        r.tags().forEach(tags::add);
        o.put("is_ignored", ignored.ignored(feed.id(), r.id()));
        ObjectNode iocs = o.putObject("iocs");
        ReportIocs i = r.iocs();
        list(iocs, "md5", i.md5());
        list(iocs, "sha256", i.sha256());
        List<String> ipv4 = new ArrayList<>();
        for (int a : i.ipv4()) ipv4.add(IocIndex.dotted(a));
        list(iocs, "ipv4", ipv4);
        list(iocs, "ipv6", i.ipv6());
        list(iocs, "dns", i.dns());
        list(iocs, "ja3", i.ja3());
        list(iocs, "ja3s", i.ja3s());
        i.query().ifPresent(q -> {
            ObjectNode qn = iocs.putArray("query").addObject();
            qn.put("index_type", q.indexType().wire());
            qn.put("search_query", q.searchQuery());
        });
        return o;
    }

    private static void list(ObjectNode iocs, String name, List<String> values) {
        if (values.isEmpty()) return;
        ArrayNode a = iocs.putArray(name);
        values.forEach(a::add);
    }

    @Override
    public void close() {
        index.close();
    }
}
