package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.server.alert.AlertSeverity;
import io.lampblack.server.alert.AlertSource;
import io.lampblack.server.alert.AlertSubject;
import io.lampblack.server.alert.Alerts;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.NotificationCatalog;
import io.lampblack.server.json.Json;
import io.lampblack.server.tag.TagStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a watchlist hit sets off, whoever found it (the periodic {@link WatchlistRunner} or the {@link WatchlistStream}):
 * a process (one per GUID) or binary not yet tagged {@code watchlist_<id>} is tagged, published
 * ({@code watchlist.hit.*} coalesced, {@code watchlist.storage.hit.*} one by one), alerted when the watchlist has an
 * alert action, and counted on the watchlist. The tag is what makes a hit new, and reporting is serialised, so a
 * document is never reported twice for one watchlist.
 */
public final class WatchlistHits {

    /** The score of a watchlist hit's alert (every captured watchlist alert has 75). */
    public static final int WATCHLIST_SCORE = 75;
    /** How alerts name the source of watchlist hits (captured). */
    public static final String WATCHLIST_FEED_NAME = "My Watchlists";

    private static final int COALESCE = 100;

    /** Process-document keys of {@code watchlist.hit.process} docs (captured). */
    private static final List<String> HIT_KEYS = List.of(
            "id",
            "unique_id",
            "segment_id",
            "sensor_id",
            "hostname",
            "group",
            "host_type",
            "os_type",
            "process_name",
            "process_pid",
            "process_md5",
            "path",
            "cmdline",
            "username",
            "start",
            "last_update",
            "parent_name",
            "parent_pid",
            "parent_md5",
            "parent_unique_id",
            "comms_ip",
            "interface_ip",
            "modload_count",
            "filemod_count",
            "regmod_count",
            "netconn_count",
            "childproc_count",
            "crossproc_count");
    /** Process-document keys of {@code watchlist.storage.hit.process} docs (captured), before {@code watchlist_<id>}. */
    private static final List<String> STORAGE_KEYS = List.of(
            "unique_id",
            "host_type",
            "os_type",
            "process_name",
            "process_pid",
            "process_md5",
            "path",
            "cmdline",
            "username",
            "start",
            "last_update",
            "parent_name",
            "parent_pid",
            "parent_id",
            "parent_unique_id",
            "modload_count",
            "filemod_count",
            "regmod_count",
            "netconn_count",
            "childproc_count",
            "crossproc_count");

    private final WatchlistStore store;
    private final TagStore tags;
    private final Alerts alerts;
    private final BusPublisher bus;
    private final Clock clock;
    private final ActionDispatcher actions;

    public WatchlistHits(
            WatchlistStore store,
            TagStore tags,
            Alerts alerts,
            BusPublisher bus,
            ActionDispatcher actions,
            Clock clock) {
        this.actions = actions;
        this.store = store;
        this.tags = tags;
        this.alerts = alerts;
        this.bus = bus;
        this.clock = clock;
    }

    static String tag(long watchlistId) {
        return "watchlist_" + watchlistId;
    }

    /**
     * Reports the candidates (process rows or binary documents) this watchlist has not reported before: tags,
     * publishes, alerts and counts them. How many were new.
     */
    public synchronized int report(Watchlist w, List<ObjectNode> candidates) {
        boolean process = w.indexType() == QueryIoc.IndexType.EVENTS;
        TagStore.Scope scope = process ? TagStore.Scope.PROCESS : TagStore.Scope.BINARY;
        String tag = tag(w.id());
        List<ObjectNode> found = untagged(tags, scope, tag, candidates, process).found();
        if (found.isEmpty()) return 0;
        Instant now = clock.instant();
        // Tagged first: what is tagged is never reported again, even if publishing is cut short.
        for (ObjectNode d : found) tags.put(scope, key(d, process), tag, now.toEpochMilli());

        String what = process ? "process" : "binary";
        for (int i = 0; i < found.size(); i += COALESCE) {
            List<ObjectNode> docs = found.subList(i, Math.min(found.size(), i + COALESCE)).stream()
                    .map(d -> process ? pick(d, HIT_KEYS) : d)
                    .toList();
            var hit =
                    NotificationCatalog.watchlistHit(what, w.id(), w.name(), Json.MAPPER.createArrayNode(), docs, now);
            bus.publish(hit);
            actions.dispatch(IntelAction.Owner.WATCHLIST, w.id(), hit.routingKey(), hit.body());
        }
        for (ObjectNode d : found) {
            ObjectNode stored = process ? pick(d, STORAGE_KEYS) : d.deepCopy();
            stored.put(tag, now.toString());
            bus.publish(NotificationCatalog.watchlistStorageHit(
                    what, process ? "process_id" : "md5", key(d, process), w.id(), w.name(), stored, now));
        }
        if (actions.alerts(IntelAction.Owner.WATCHLIST, w.id())) {
            List<Alerts.Finding> findings = new ArrayList<>(found.size());
            for (ObjectNode d : found)
                findings.add(new Alerts.Finding(alertSource(w, process), subject(d, process), details(d, process)));
            alerts.raiseAll(findings);
        }
        // Counters on the stored row as it is now: an analyst may have edited the watchlist meanwhile.
        store.find(w.id()).ifPresent(current -> store.update(current.hit(found.size(), now)));
        return found.size();
    }

    /** Records that the periodic run evaluated the watchlist over data received up to {@code upTo}. */
    public synchronized void searchedUpTo(long watchlistId, Instant upTo) {
        store.find(watchlistId).ifPresent(current -> store.update(current.searchedUpTo(upTo)));
    }

    private static AlertSource alertSource(Watchlist w, boolean process) {
        ObjectNode attr = Json.MAPPER.createObjectNode();
        attr.putArray("highlights");
        return new AlertSource(
                process ? "watchlist.hit.query.process" : "watchlist.hit.query.binary",
                -1,
                WATCHLIST_FEED_NAME,
                AlertSeverity.DEFAULT_RATING,
                Long.toString(w.id()),
                w.name(),
                WATCHLIST_SCORE,
                "query",
                w.searchQuery(),
                attr.toString());
    }

    /** The candidates (one per process or binary) not carrying {@code tag} yet, and the tags they do carry. */
    record Untagged(List<ObjectNode> found, Map<String, Map<String, Long>> tagsOf) {}

    static Untagged untagged(
            TagStore tags, TagStore.Scope scope, String tag, List<ObjectNode> candidates, boolean process) {
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        for (ObjectNode d : candidates) byKey.putIfAbsent(key(d, process), d);
        Map<String, Map<String, Long>> tagged = tags.tagsOf(scope, byKey.keySet());
        List<ObjectNode> found = new ArrayList<>();
        byKey.forEach((k, d) -> {
            if (!tagged.getOrDefault(k, Map.of()).containsKey(tag)) found.add(d);
        });
        return new Untagged(found, tagged);
    }

    /** Who an alert of a process row or binary document is about. */
    static AlertSubject subject(ObjectNode d, boolean process) {
        if (!process) {
            return new AlertSubject(
                    0,
                    "",
                    "",
                    d.path("os_type").asText(""),
                    "",
                    0,
                    "",
                    "",
                    d.path("md5").asText(),
                    "");
        }
        return new AlertSubject(
                d.path("sensor_id").asInt(),
                d.path("hostname").asText(""),
                d.path("group").asText(""),
                d.path("os_type").asText(""),
                d.path("id").asText(),
                d.path("segment_id").asLong(),
                d.path("process_name").asText(""),
                d.path("path").asText(""),
                d.path("process_md5").asText(""),
                d.path("username").asText(""));
    }

    /** What captured watchlist alerts add: a process's counts and dotted addresses; a binary's names and hosts. */
    private static ObjectNode details(ObjectNode d, boolean process) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (process) {
            for (String k : List.of(
                    "modload_count",
                    "filemod_count",
                    "regmod_count",
                    "netconn_count",
                    "childproc_count",
                    "crossproc_count")) {
                if (d.has(k)) o.set(k, d.get(k));
            }
            for (String k : List.of("comms_ip", "interface_ip")) {
                if (d.path(k).canConvertToInt())
                    o.put(k, NetOrder.dottedFromSigned(d.get(k).asInt()));
            }
        } else {
            o.set(
                    "observed_filename",
                    d.path("observed_filename").isArray() ? d.get("observed_filename") : Json.MAPPER.createArrayNode());
            o.put("observed_filename_total_count", o.get("observed_filename").size());
            ArrayNode hosts = o.putArray("other_hostnames");
            d.path("endpoint").forEach(e -> hosts.add(e.asText().replaceFirst("\\|\\d+$", "")));
            o.put("host_count", d.path("host_count").asInt());
            o.put("digsig_result", d.path("digsig_result").asText(""));
        }
        return o;
    }

    /** A process row's GUID or a binary document's MD5: what one hit is. */
    static String key(ObjectNode d, boolean process) {
        return process
                ? d.path("unique_id").asText().substring(0, ProcessGuid.TEXT_LENGTH)
                : d.path("md5").asText();
    }

    private static ObjectNode pick(ObjectNode d, List<String> keys) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        for (String k : keys) {
            JsonNode v = d.get(k);
            if (v != null) o.set(k, v);
        }
        return o;
    }
}
