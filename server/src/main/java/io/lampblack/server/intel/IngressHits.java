package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.SegmentId;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import io.lampblack.server.alert.AlertSource;
import io.lampblack.server.alert.AlertSubject;
import io.lampblack.server.alert.Alerts;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.NotificationCatalog;
import io.lampblack.server.bus.NotificationCatalog.HitSource;
import io.lampblack.server.bus.NotificationCatalog.HitSubject;
import io.lampblack.server.ingest.IndexedUpload;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.ingest.JournaledUpload;
import io.lampblack.server.ingest.ReceivedUpload;
import io.lampblack.server.json.Json;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SensorContext;
import io.lampblack.server.search.SegmentJson;
import io.lampblack.server.tag.TagStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an ingress feed hit sets off (reference §1.4): every upload is matched before it is indexed; each hit is
 * published as {@code feed.<id>.ingress.hit.process} or {@code .binary} (and under the 5.1 key without the id when
 * configured), tags the process or binary with {@code alliance_score_<feed>}, raises an alert when the feed has its
 * alert action, and is published again as a storage hit once indexed. Uploads are matched as they are received
 * ({@link #received}, on the receiving thread: a few hash lookups per event), before they wait for the journal, so
 * that a hit does not queue behind ingest's back-pressure; publishing happens on this hook's own thread, and tagging
 * and alerting (database and index commits) on a second one once the upload is durable (its {@link Published}
 * follow-up), so that no commit delays a hit on the bus. Hits are
 * never dropped: a thread far behind makes the one feeding it wait, slowing intake rather than losing a detection.
 *
 * <p>The same indicator on the same process (or binary on the same sensor) is reported once while it is remembered
 * (the last {@value #REMEMBERED} findings): a process that connects to a bad domain a thousand times is one hit, and a
 * replayed upload repeats nothing recent. Alerts are deduplicated for good by their identity ({@link Alerts}).
 */
public final class IngressHits implements IngestRoute.OnReceived, IngestRoute.Queued, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngressHits.class);
    static final int REMEMBERED = 100_000;
    private static final String SCORE_TAG = "alliance_score_";

    private final IngressMatcher matcher;
    private final LongFunction<Optional<Feed>> feeds;
    private final IgnoredReports ignored;
    private final BusPublisher bus;
    private final TagStore tags;
    private final Alerts alerts;
    private final boolean legacyKeys;
    private final Clock clock;
    private final ActionDispatcher actions;
    private final Function<String, Optional<ObjectNode>> binaryDocuments;
    /**
     * Publishing, in upload order: everything about hits but tags and alerts happens on this one thread, in the order
     * uploads were received and then became durable. When it is far behind, the feeding thread waits (back-pressure
     * towards intake) rather than running the work itself out of order.
     */
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            Thread.ofPlatform().name("intel-hits").daemon(true).factory(),
            (task, executor) -> {
                try {
                    if (!executor.isShutdown()) executor.getQueue().put(task);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
    /** Tags and alerts: database and index commits, kept off the publishing thread so they never delay a hit. */
    private final ThreadPoolExecutor bookkeeper = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            Thread.ofPlatform().name("intel-alerts").daemon(true).factory(),
            new ThreadPoolExecutor.CallerRunsPolicy());

    private static final long FEED_FRESH_MS = 5_000;
    private final Map<Long, CachedFeed> feedCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Boolean> reported = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param feeds           the stored feed of an id (its name, rating); empty once deleted
     * @param binaryDocuments a binary's document once the upload that observed it is indexed (binary storage hits)
     * @param legacyKeys      also publish {@code feed.ingress.hit.*} without the feed id (what cbapi's callbacks bind
     *                        to)
     */
    public IngressHits(
            IngressMatcher matcher,
            LongFunction<Optional<Feed>> feeds,
            Function<String, Optional<ObjectNode>> binaryDocuments,
            IgnoredReports ignored,
            BusPublisher bus,
            TagStore tags,
            Alerts alerts,
            ActionDispatcher actions,
            boolean legacyKeys,
            Clock clock) {
        this.binaryDocuments = binaryDocuments;
        this.actions = actions;
        bookkeeper.prestartAllCoreThreads(); // binary storage hits are offered to its queue directly
        this.matcher = matcher;
        this.feeds = feeds;
        this.ignored = ignored;
        this.bus = bus;
        this.tags = tags;
        this.alerts = alerts;
        this.legacyKeys = legacyKeys;
        this.clock = clock;
    }

    /**
     * An upload as it is received, before it is journaled: matched here (on the receiving thread), its hits
     * published by this hook's thread at once. Its tags and alerts wait until it is durable, which tells the segment
     * the hits belong to; an upload the journal then refuses is sent again by its sensor, and its repeated hits are
     * recognised as such.
     */
    @Override
    public Optional<IngestRoute.FollowUp> received(ReceivedUpload upload) {
        List<IngressMatcher.Match> matches = matcher.match(upload.log());
        if (matches.isEmpty()) return Optional.empty();
        Published published = new Published();
        worker.execute(() -> {
            try {
                published.hits = publish(upload.sensor(), upload.log(), matches);
            } catch (RuntimeException e) {
                LOG.error(
                        "feed hits of an upload from sensor {} could not all be published",
                        upload.sensor().sensorId(),
                        e);
            }
        });
        return Optional.of(published);
    }

    @Override
    public String queueName() {
        return "intel-hits";
    }

    @Override
    public int queued() {
        return worker.getQueue().size() + bookkeeper.getQueue().size();
    }

    /**
     * The hits published for one upload, following it along the route. Every step runs on the publishing thread, in
     * the order they were handed over, so {@link #hits} is set before any later step reads it.
     */
    private final class Published implements IngestRoute.FollowUp {
        private List<Reported> hits = List.of();

        /** The upload is durable: its published hits get their tags and alerts. */
        @Override
        public void journaled(JournaledUpload upload) {
            worker.execute(() -> {
                if (hits.isEmpty()) return;
                List<Reported> published = hits;
                long segment = SegmentId.at(Instant.ofEpochMilli(upload.serverTime()));
                bookkeeper.execute(() -> tagAndAlert(upload.sensor(), published, segment));
            });
        }

        /**
         * The upload's segments are in the index: its hits are published again as storage hits, a process hit with
         * its segment's document, a binary hit with the binary's document.
         */
        @Override
        public void indexed(IndexedUpload upload) {
            worker.execute(() -> {
                if (hits.isEmpty()) return;
                Instant now = clock.instant();
                List<Reported> binaryHits = new ArrayList<>();
                for (Reported r : hits) {
                    if (r.finding().processId().isEmpty()) {
                        binaryHits.add(r);
                    } else {
                        segmentDocument(upload.segments(), r.finding().processId())
                                .ifPresent(d -> storageHit(r, d, now));
                    }
                }
                // A binary's document needs a catalog flush (an index write): never on the thread that publishes
                // hits, so when the bookkeeping thread is far behind these storage hits are skipped rather than run
                // here.
                Runnable binaryStorageHits = () -> binaryHits.forEach(
                        r -> binaryDocument(r.finding().md5()).ifPresent(d -> storageHit(r, d, now)));
                if (!binaryHits.isEmpty() && !bookkeeper.getQueue().offer(binaryStorageHits)) {
                    LOG.warn(
                            "{} binary storage hits skipped: tagging and alerting are {} uploads behind",
                            binaryHits.size(),
                            bookkeeper.getQueue().size());
                }
            });
        }
    }

    private void tagAndAlert(SensorContext sensor, List<Reported> published, long segment) {
        try {
            List<Alerts.Finding> findings = new ArrayList<>(published.size());
            Map<Long, Boolean> alerting = new HashMap<>();
            for (Reported r : published) {
                tag(r);
                long feed = r.feed().id();
                if (alerting.computeIfAbsent(feed, id -> actions.alerts(IntelAction.Owner.FEED, id))) {
                    findings.add(alertFinding(r, segment));
                }
            }
            if (!findings.isEmpty()) alerts.raiseAll(findings);
        } catch (RuntimeException e) {
            LOG.error("tags or alerts of {} feed hits from sensor {} failed", published.size(), sensor.sensorId(), e);
        }
    }

    private void storageHit(Reported r, ObjectNode doc, Instant now) {
        NotificationCatalog.feedStorageHit(r.source(), r.subject(), doc, legacyKeys, now)
                .forEach(bus::publish);
    }

    private static Optional<ObjectNode> segmentDocument(List<ProcessSegment> segments, String processId) {
        for (ProcessSegment s : segments) {
            if (s.guidText.equals(processId)) return Optional.of((ObjectNode) SegmentJson.parse(SegmentJson.write(s)));
        }
        return Optional.empty();
    }

    private Optional<ObjectNode> binaryDocument(String md5) {
        try {
            return binaryDocuments.apply(md5);
        } catch (RuntimeException e) {
            LOG.warn("no storage hit for binary {}: its document cannot be read: {}", md5, e.toString());
            return Optional.empty();
        }
    }

    /** Publishes every new finding of the upload at once (what the latency target is about); those published. */
    private List<Reported> publish(SensorContext sensor, DecodedEventLog log, List<IngressMatcher.Match> matches) {
        Map<Long, Optional<Feed>> feedsOfUpload = new HashMap<>();
        Instant now = clock.instant();
        List<Reported> published = new ArrayList<>();
        for (IngressMatcher.Match m : matches) {
            IocIndex.Hit hit = m.hit();
            if (ignored.ignored(hit.feedId(), hit.reportId())) continue;
            Optional<Feed> feed = feedsOfUpload.computeIfAbsent(hit.feedId(), this::feed);
            if (feed.isEmpty() || !feed.get().enabled()) continue;
            CbEventMsg ev = log.events().get(m.eventIndex());
            Finding f = m.binary() ? binaryFinding(sensor, ev) : processFinding(sensor, ev);
            String key = hit.feedId() + "|" + hit.reportId() + "|" + hit.value() + "|" + f.about();
            if (reported.put(key, Boolean.TRUE) != null) continue;
            ObjectNode attr = attributes(ev);
            HitSource source = new HitSource(
                    feed.get().id(),
                    feed.get().info().name(),
                    hit.reportId(),
                    hit.score(),
                    hit.type().wire(),
                    hit.value(),
                    attr);
            HitSubject subject = new HitSubject(
                    f.sensor().sensorId(),
                    f.sensor().hostname(),
                    f.sensor().groupName(),
                    f.sensor().osType(),
                    f.processId(),
                    f.md5());
            List<io.lampblack.server.bus.BusMessage> messages =
                    NotificationCatalog.feedIngressHit(source, subject, legacyKeys, now);
            messages.forEach(bus::publish);
            actions.dispatch(
                    IntelAction.Owner.FEED,
                    feed.get().id(),
                    messages.getFirst().routingKey(),
                    messages.getFirst().body());
            published.add(new Reported(feed.get(), hit, f, attr, source, subject));
        }
        return published;
    }

    /**
     * The stored feed, read again at most every {@value #FEED_FRESH_MS} ms: a database round trip must not sit
     * between an upload and its hits, and a feed's name and ratings rarely change.
     */
    private Optional<Feed> feed(long id) {
        long now = System.currentTimeMillis();
        CachedFeed c = feedCache.get(id);
        if (c == null || now - c.readAt() > FEED_FRESH_MS) {
            c = new CachedFeed(feeds.apply(id), now);
            feedCache.put(id, c);
        }
        return c.feed();
    }

    private record CachedFeed(Optional<Feed> feed, long readAt) {}

    /** A finding published, waiting for its tags and alert. */
    private record Reported(
            Feed feed, IocIndex.Hit hit, Finding finding, ObjectNode attr, HitSource source, HitSubject subject) {}

    private void tag(Reported r) {
        String tag = SCORE_TAG + r.feed().info().name();
        Finding f = r.finding();
        if (!f.processId().isEmpty())
            raiseScore(TagStore.Scope.PROCESS, f.processId(), tag, r.hit().score());
        boolean hashHit = r.hit().type() == IocType.MD5 || r.hit().type() == IocType.SHA256;
        if (hashHit && !f.md5().isEmpty())
            raiseScore(TagStore.Scope.BINARY, f.md5(), tag, r.hit().score());
    }

    private static Alerts.Finding alertFinding(Reported r, long segmentId) {
        Feed feed = r.feed();
        IocIndex.Hit hit = r.hit();
        Finding f = r.finding();
        double rating = feed.alertRating();
        String type = f.processId().isEmpty() ? "watchlist.hit.ingress.binary" : "watchlist.hit.ingress.process";
        return new Alerts.Finding(
                new AlertSource(
                        type,
                        feed.id(),
                        feed.info().name(),
                        rating,
                        hit.reportId(),
                        hit.title().isBlank() ? hit.reportId() : hit.title(),
                        hit.score(),
                        hit.type().wire(),
                        hit.value(),
                        r.attr().toString()),
                new AlertSubject(
                        f.sensor().sensorId(),
                        f.sensor().hostname(),
                        f.sensor().groupName(),
                        f.sensor().osType(),
                        f.processId(),
                        f.processId().isEmpty() ? 0 : segmentId,
                        f.processName(),
                        f.processPath(),
                        f.md5(),
                        ""));
    }

    /** A feed's score on a document is the highest score of its reports that matched it. */
    private void raiseScore(TagStore.Scope scope, String key, String tag, int score) {
        Long current =
                tags.tagsOf(scope, List.of(key)).getOrDefault(key, Map.of()).get(tag);
        if (current == null || current < score) tags.put(scope, key, tag, score);
    }

    /** Who a hit is about. {@code about} identifies it for deduplication. */
    private record Finding(
            SensorContext sensor, String processId, String processName, String processPath, String md5, String about) {}

    private static Finding processFinding(SensorContext sensor, CbEventMsg ev) {
        CbHeaderMsg h = ev.getHeader();
        String guid = new ProcessGuid(sensor.sensorId(), h.getProcessPid(), h.getProcessCreateTime()).toString();
        String path = h.getProcessPath();
        String name = path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
        String md5 = h.getProcessMd5().size() == 16 ? Hashes.hexLower(h.getProcessMd5()) : "";
        return new Finding(sensor, guid, name, path, md5, guid);
    }

    private static Finding binaryFinding(SensorContext sensor, CbEventMsg ev) {
        String md5 = Hashes.moduleMd5Upper(ev.getModule().getMd5());
        return new Finding(sensor, "", "", "", md5, md5 + "@" + sensor.sensorId());
    }

    /** {@code ioc_attr}: the connection of a network hit (captured shape), empty for a hash hit. */
    static ObjectNode attributes(CbEventMsg ev) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        if (ev.hasNetwork()) {
            CbNetConnMsg n = ev.getNetwork();
            int remote = n.hasRemoteIpAddress() ? n.getRemoteIpAddress() : n.getIpv4Address();
            int remotePort = NetOrder.port(n.hasRemotePort() ? n.getRemotePort() : n.getPort());
            connection(
                    a,
                    NetOrder.ipv4ToString(n.getLocalIpAddress()),
                    NetOrder.ipv4ToString(remote),
                    remotePort,
                    NetOrder.port(n.getLocalPort()),
                    n.getProtocol().getNumber(),
                    n.getOutbound(),
                    n.getUtf8Netpath().toStringUtf8());
        } else if (ev.hasNetworkv2()) {
            CbNetConnMsgv2 n = ev.getNetworkv2();
            int remotePort = NetOrder.port(n.getRemotePort());
            connection(
                    a,
                    NetOrder.ipToString(n.getLocalIpAddress()),
                    NetOrder.ipToString(n.getRemoteIpAddress()),
                    remotePort,
                    NetOrder.port(n.getLocalPort()),
                    n.getProtocol().getNumber(),
                    n.getOutbound(),
                    n.getUtf8Netpath().toStringUtf8());
        }
        return a;
    }

    private static void connection(
            ObjectNode a,
            String local,
            String remote,
            int remotePort,
            int localPort,
            int protocol,
            boolean outbound,
            String dns) {
        a.put("local_ip", local);
        a.put("protocol", protocol == 17 ? "UDP" : "TCP");
        a.put("remote_ip", remote);
        a.put("port", remotePort);
        a.put("local_port", localPort);
        a.put("remote_port", remotePort);
        a.put("direction", outbound ? "Outbound" : "Inbound");
        a.put("dns_name", dns);
    }

    /** Waits until every hit handed over so far is published, tagged and alerted (tests, shutdown). */
    public void drain() throws InterruptedException {
        await(worker);
        await(bookkeeper);
    }

    private static void await(ThreadPoolExecutor executor) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        executor.execute(done::countDown);
        done.await();
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor e : List.of(worker, bookkeeper)) {
            e.shutdown();
            try {
                if (!e.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("feed hits still being handled at close");
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
