package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.server.alert.AlertSeverity;
import io.lampblack.server.alert.AlertSource;
import io.lampblack.server.alert.AlertSubject;
import io.lampblack.server.alert.Alerts;
import io.lampblack.server.binary.BinaryJson;
import io.lampblack.server.binary.BinaryRecord;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.NotificationCatalog;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.query.RequestParameters;
import io.lampblack.server.tag.TagStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The periodic watchlist run (Carbon Black's every 10 minutes; here every minute by default): each enabled watchlist's
 * query is run, with the same comprehensive semantics as {@code watchlist.search()}, over the data received since its
 * last run, and every process (one per GUID) or binary not tagged {@code watchlist_<id>} yet is a new hit: tagged,
 * published ({@code watchlist.hit.*} coalesced, {@code watchlist.storage.hit.*} one by one), alerted when the
 * watchlist has an alert action, and counted on the watchlist. The tag is what makes a hit new, so a document is
 * never reported twice for one watchlist, whichever run or stream saw it first.
 *
 * <p>Before each run everything received so far is made searchable, so the run's window ends exactly where the next
 * one starts.
 */
public final class WatchlistRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The score of a watchlist hit's alert (every captured watchlist alert has 75). */
    public static final int WATCHLIST_SCORE = 75;
    /** How alerts name the source of watchlist hits (captured). */
    public static final String WATCHLIST_FEED_NAME = "My Watchlists";
    private static final int PAGE = 1_000;
    /** Most new documents one watchlist reports per run; the rest wait for the next run. */
    static final int MAX_PER_RUN = 50_000;
    private static final int COALESCE = 100;

    /** Process-document keys of {@code watchlist.hit.process} docs (captured). */
    private static final List<String> HIT_KEYS = List.of("id", "unique_id", "segment_id", "sensor_id", "hostname",
            "group", "host_type", "os_type", "process_name", "process_pid", "process_md5", "path", "cmdline",
            "username", "start", "last_update", "parent_name", "parent_pid", "parent_md5", "parent_unique_id",
            "comms_ip", "interface_ip", "modload_count", "filemod_count", "regmod_count", "netconn_count",
            "childproc_count", "crossproc_count");
    /** Process-document keys of {@code watchlist.storage.hit.process} docs (captured), before {@code watchlist_<id>}. */
    private static final List<String> STORAGE_KEYS = List.of("unique_id", "host_type", "os_type", "process_name",
            "process_pid", "process_md5", "path", "cmdline", "username", "start", "last_update", "parent_name",
            "parent_pid", "parent_id", "parent_unique_id", "modload_count", "filemod_count", "regmod_count",
            "netconn_count", "childproc_count", "crossproc_count");

    /** Makes everything received so far searchable. */
    @FunctionalInterface
    public interface Searchable {
        void now() throws InterruptedException;
    }

    private final WatchlistStore store;
    private final ProcessSearch processes;
    private final BinarySearch binaries;
    private final TagStore tags;
    private final Alerts alerts;
    private final BusPublisher bus;
    private final Searchable searchable;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("watchlists").daemon(true).factory());

    public WatchlistRunner(WatchlistStore store, ProcessSearch processes, BinarySearch binaries, TagStore tags,
                           Alerts alerts, BusPublisher bus, Searchable searchable, Clock clock) {
        this.store = store;
        this.processes = processes;
        this.binaries = binaries;
        this.tags = tags;
        this.alerts = alerts;
        this.bus = bus;
        this.searchable = searchable;
        this.clock = clock;
    }

    /** Runs every enabled watchlist every {@code interval} (zero: only when asked). */
    public WatchlistRunner every(Duration interval) {
        if (interval.isZero()) return this;
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runAll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("watchlist run failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One run of every enabled watchlist; how many new hits it found. */
    public synchronized int runAll() throws InterruptedException {
        Instant upTo = clock.instant();
        searchable.now();
        int found = 0;
        for (Watchlist w : store.all()) {
            if (!w.enabled()) continue;
            try {
                found += run(w, upTo);
            } catch (RuntimeException e) {
                // One broken watchlist (say, a query the index now refuses) must not stop the others.
                LOG.warn("watchlist {} ({}) could not run: {}", w.id(), w.name(), e.getMessage());
            }
        }
        return found;
    }

    private int run(Watchlist w, Instant upTo) {
        Instant from = w.searchTimestamp().orElse(w.dateAdded());
        String tag = tag(w.id());
        List<ObjectNode> found = w.indexType() == Watchlist.IndexType.EVENTS ? newProcesses(w, from, tag)
                : newBinaries(w, from, tag);
        Instant now = clock.instant();
        if (!found.isEmpty()) report(w, found, tag, now);
        // Counters on the stored row as it is now: an analyst may have edited the watchlist during the run.
        int hits = found.size();
        store.find(w.id()).ifPresent(current -> store.update(current.searched(upTo, hits, now)));
        return found.size();
    }

    static String tag(long watchlistId) {
        return "watchlist_" + watchlistId;
    }

    /** Processes (one row per GUID) matching the watchlist, updated since {@code from}, not tagged yet. */
    private List<ObjectNode> newProcesses(Watchlist w, Instant from, String tag) {
        Map<String, List<String>> params = RequestParameters.form(w.searchQuery());
        params.put("cb.group", List.of("id"));
        params.put("cb.min_last_server_update", List.of(Long.toString(from.toEpochMilli())));
        params.put("rows", List.of(Integer.toString(PAGE)));
        params.remove("sort");
        List<ObjectNode> out = new ArrayList<>();
        for (int start = 0; out.size() < MAX_PER_RUN; start += PAGE) {
            params.put("start", List.of(Integer.toString(start)));
            List<ProcessHit> page = processes.search(params).results().hits();
            Map<String, ProcessHit> byGuid = new LinkedHashMap<>();
            for (ProcessHit h : page) byGuid.putIfAbsent(h.uniqueId().substring(0, ProcessGuid.TEXT_LENGTH), h);
            Map<String, Map<String, Long>> tagged = tags.tagsOf(TagStore.Scope.PROCESS, byGuid.keySet());
            for (Map.Entry<String, ProcessHit> e : byGuid.entrySet()) {
                if (tagged.getOrDefault(e.getKey(), Map.of()).containsKey(tag)) continue;
                out.add(parse(e.getValue().json()));
            }
            if (page.size() < PAGE) break;
        }
        return out;
    }

    /** Binaries matching the watchlist, first seen since {@code from}, not tagged yet. */
    private List<ObjectNode> newBinaries(Watchlist w, Instant from, String tag) {
        Map<String, List<String>> params = RequestParameters.form(w.searchQuery());
        params.computeIfAbsent("cb.q.server_added_timestamp", k -> new ArrayList<>())
                .add("[" + from + " TO *]");
        params.put("rows", List.of(Integer.toString(PAGE)));
        params.remove("sort");
        List<ObjectNode> out = new ArrayList<>();
        for (int start = 0; out.size() < MAX_PER_RUN; start += PAGE) {
            params.put("start", List.of(Integer.toString(start)));
            List<BinaryRecord> page = binaries.search(params).results();
            List<String> md5s = page.stream().map(BinaryRecord::md5).toList();
            Map<String, Map<String, Long>> tagged = tags.tagsOf(TagStore.Scope.BINARY, md5s);
            for (BinaryRecord r : page) {
                if (tagged.getOrDefault(r.md5(), Map.of()).containsKey(tag)) continue;
                out.add(BinaryJson.document(r));
            }
            if (page.size() < PAGE) break;
        }
        return out;
    }

    private void report(Watchlist w, List<ObjectNode> found, String tag, Instant now) {
        boolean process = w.indexType() == Watchlist.IndexType.EVENTS;
        TagStore.Scope scope = process ? TagStore.Scope.PROCESS : TagStore.Scope.BINARY;
        // Tagged first: what is tagged is never reported again, even if publishing is cut short.
        for (ObjectNode d : found) tags.put(scope, key(d, process), tag, now.toEpochMilli());

        String what = process ? "process" : "binary";
        for (int i = 0; i < found.size(); i += COALESCE) {
            List<ObjectNode> docs = found.subList(i, Math.min(found.size(), i + COALESCE)).stream()
                    .map(d -> process ? pick(d, HIT_KEYS) : d).toList();
            bus.publish(NotificationCatalog.watchlistHit(what, w.id(), w.name(), JSON.createArrayNode(), docs, now));
        }
        for (ObjectNode d : found) {
            ObjectNode stored = process ? pick(d, STORAGE_KEYS) : d.deepCopy();
            stored.put(tag, now.toString());
            bus.publish(NotificationCatalog.watchlistStorageHit(what, process ? "process_id" : "md5", key(d, process),
                    w.id(), w.name(), stored, now));
        }
        if (store.actions(IntelAction.Owner.WATCHLIST, w.id()).stream().anyMatch(a -> a.actionType() == IntelAction.ALERT)) {
            for (ObjectNode d : found) alerts.raise(alertSource(w, process), subject(d, process), details(d, process));
        }
    }

    private static AlertSource alertSource(Watchlist w, boolean process) {
        ObjectNode attr = JSON.createObjectNode();
        attr.putArray("highlights");
        return new AlertSource(process ? "watchlist.hit.query.process" : "watchlist.hit.query.binary", -1,
                WATCHLIST_FEED_NAME, AlertSeverity.DEFAULT_RATING, Long.toString(w.id()), w.name(), WATCHLIST_SCORE,
                "query", w.searchQuery(), attr.toString());
    }

    private static AlertSubject subject(ObjectNode d, boolean process) {
        if (!process) {
            return new AlertSubject(0, "", "", d.path("os_type").asText(""), "", 0, "", "", d.path("md5").asText(), "");
        }
        return new AlertSubject(d.path("sensor_id").asInt(), d.path("hostname").asText(""), d.path("group").asText(""),
                d.path("os_type").asText(""), d.path("id").asText(), d.path("segment_id").asLong(),
                d.path("process_name").asText(""), d.path("path").asText(""), d.path("process_md5").asText(""),
                d.path("username").asText(""));
    }

    /** What captured watchlist alerts add: a process's counts and dotted addresses; a binary's names and hosts. */
    private static ObjectNode details(ObjectNode d, boolean process) {
        ObjectNode o = JSON.createObjectNode();
        if (process) {
            for (String k : List.of("modload_count", "filemod_count", "regmod_count", "netconn_count",
                    "childproc_count", "crossproc_count")) {
                if (d.has(k)) o.set(k, d.get(k));
            }
            for (String k : List.of("comms_ip", "interface_ip")) {
                if (d.path(k).canConvertToInt()) o.put(k, NetOrder.dottedFromSigned(d.get(k).asInt()));
            }
        } else {
            o.set("observed_filename", d.path("observed_filename").isArray() ? d.get("observed_filename")
                    : JSON.createArrayNode());
            o.put("observed_filename_total_count", o.get("observed_filename").size());
            ArrayNode hosts = o.putArray("other_hostnames");
            d.path("endpoint").forEach(e -> hosts.add(e.asText().replaceFirst("\\|\\d+$", "")));
            o.put("host_count", d.path("host_count").asInt());
            o.put("digsig_result", d.path("digsig_result").asText(""));
        }
        return o;
    }

    private static String key(ObjectNode d, boolean process) {
        return process ? d.path("unique_id").asText().substring(0, ProcessGuid.TEXT_LENGTH) : d.path("md5").asText();
    }

    private static ObjectNode pick(ObjectNode d, List<String> keys) {
        ObjectNode o = JSON.createObjectNode();
        for (String k : keys) {
            JsonNode v = d.get(k);
            if (v != null) o.set(k, v);
        }
        return o;
    }

    private static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
