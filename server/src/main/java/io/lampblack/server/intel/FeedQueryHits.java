package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.alert.AlertSource;
import io.lampblack.server.alert.Alerts;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.NotificationCatalog;
import io.lampblack.server.tag.TagStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a feed report's query indicator sets off when the periodic run finds processes or binaries it matches, as
 * {@link WatchlistHits} does for watchlists: a document the report has not reported yet (bookkeeping tag
 * {@code _fq_<feed>_<report digest>}, never rendered) is tagged, published as {@code feed.<id>.query.hit.process} or
 * {@code .binary} (and the 5.1 key when configured), scored {@code alliance_score_<feed>} and alerted.
 */
public final class FeedQueryHits {

    private final TagStore tags;
    private final Alerts alerts;
    private final BusPublisher bus;
    private final boolean legacyKeys;
    private final Clock clock;
    private final ActionDispatcher actions;

    public FeedQueryHits(
            TagStore tags, Alerts alerts, BusPublisher bus, ActionDispatcher actions, boolean legacyKeys, Clock clock) {
        this.actions = actions;
        this.tags = tags;
        this.alerts = alerts;
        this.bus = bus;
        this.legacyKeys = legacyKeys;
        this.clock = clock;
    }

    /** The bookkeeping tag of one report (report ids may be long; the tag column is not). */
    static String tag(long feedId, String reportId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : reportId.getBytes(StandardCharsets.UTF_8)) h = (h ^ b) * 0x100000001b3L;
        return "_fq_" + feedId + "_" + HexFormat.of().toHexDigits(h);
    }

    /** Reports the candidates the report has not reported before; how many were new. */
    public synchronized int report(Feed feed, IocIndex.Query query, List<ObjectNode> candidates) {
        boolean process = query.query().indexType() == QueryIoc.IndexType.EVENTS;
        TagStore.Scope scope = process ? TagStore.Scope.PROCESS : TagStore.Scope.BINARY;
        String tag = tag(feed.id(), query.reportId());
        WatchlistHits.Untagged untagged = WatchlistHits.untagged(tags, scope, tag, candidates, process);
        List<ObjectNode> found = untagged.found();
        Map<String, Map<String, Long>> tagged = untagged.tagsOf();
        if (found.isEmpty()) return 0;
        Instant now = clock.instant();
        String score = "alliance_score_" + feed.info().name();
        for (ObjectNode d : found) {
            String k = WatchlistHits.key(d, process);
            tags.put(scope, k, tag, now.toEpochMilli());
            Long current = tagged.getOrDefault(k, Map.of()).get(score);
            if (current == null || current < query.score()) tags.put(scope, k, score, query.score());
        }
        for (ObjectNode d : found) {
            List<io.lampblack.server.bus.BusMessage> hit = NotificationCatalog.feedQueryHit(
                    feed.id(),
                    feed.info().name(),
                    query.reportId(),
                    query.score(),
                    query.query().indexType().wire(),
                    query.query().searchQuery(),
                    d,
                    process,
                    legacyKeys,
                    now);
            hit.forEach(bus::publish);
            actions.dispatch(
                    IntelAction.Owner.FEED,
                    feed.id(),
                    hit.getFirst().routingKey(),
                    hit.getFirst().body());
        }
        if (!actions.alerts(IntelAction.Owner.FEED, feed.id())) return found.size();
        double rating = feed.alertRating();
        AlertSource source = new AlertSource(
                process ? "watchlist.hit.query.process" : "watchlist.hit.query.binary",
                feed.id(),
                feed.info().name(),
                rating,
                query.reportId(),
                query.reportId(),
                query.score(),
                "query",
                query.query().searchQuery(),
                "{\"highlights\": []}");
        List<Alerts.Finding> findings = new ArrayList<>(found.size());
        for (ObjectNode d : found) findings.add(new Alerts.Finding(source, WatchlistHits.subject(d, process)));
        alerts.raiseAll(findings);
        return found.size();
    }
}
