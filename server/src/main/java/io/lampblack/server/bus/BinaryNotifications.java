package io.lampblack.server.bus;

import io.lampblack.protocol.FileTimes;
import io.lampblack.server.binary.BinaryChange;
import io.lampblack.server.binary.BinaryObservations;
import io.lampblack.server.binary.SensorSighting;
import io.lampblack.server.binary.StoredBinary;
import io.lampblack.server.tag.TagStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary catalog's and store's observations as Carbon Black's {@code binaryinfo.*} and
 * {@code binarystore.file.added} notifications (cb.conf {@code EnableSolrBinaryInfoNotifications}).
 *
 * <p>{@code scores} and {@code watchlists} say what threat intelligence already knows of the binary when it is
 * observed: its {@code alliance_score_<feed>} tags and its {@code watchlist_<id>} tags (with the time the watchlist
 * first matched it), read from the tag store once per catalog flush.
 */
public final class BinaryNotifications implements BinaryObservations {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryNotifications.class);

    private static final String SCORE_TAG = "alliance_score_";
    private static final String WATCHLIST_TAG = "watchlist_";

    private final BusPublisher publisher;
    private final TagStore tags;

    public BinaryNotifications(BusPublisher publisher, TagStore tags) {
        this.publisher = publisher;
        this.tags = tags;
    }

    @Override
    public void observed(List<BinaryChange> changes) {
        List<String> md5s = new ArrayList<>();
        for (BinaryChange c : changes) {
            if (c.firstSeen() || !c.newSensors().isEmpty() || !c.newGroups().isEmpty())
                md5s.add(c.record().md5());
        }
        if (md5s.isEmpty()) return;
        Map<String, Map<String, Long>> known;
        try {
            known = tags.tagsOf(TagStore.Scope.BINARY, md5s);
        } catch (RuntimeException e) {
            // The observations still go out, without what intelligence knows.
            LOG.warn(
                    "binaryinfo notifications of {} binaries go without scores and watchlists: {}",
                    md5s.size(),
                    e.toString());
            known = Map.of();
        }
        for (BinaryChange c : changes) {
            String md5 = c.record().md5();
            Intel intel = Intel.of(known.get(md5.toUpperCase(java.util.Locale.ROOT)));
            Instant when = Instant.ofEpochMilli(c.when());
            if (c.firstSeen()) {
                publisher.publish(NotificationCatalog.binaryObserved(md5, intel.scores, intel.watchlists, when));
            }
            for (SensorSighting s : c.newSensors()) {
                publisher.publish(NotificationCatalog.binaryHostObserved(
                        md5, s.hostname(), s.sensorId(), intel.scores, intel.watchlists, when));
            }
            for (String group : c.newGroups()) {
                publisher.publish(
                        NotificationCatalog.binaryGroupObserved(md5, group, intel.scores, intel.watchlists, when));
            }
        }
    }

    @Override
    public void fileAdded(StoredBinary file) {
        publisher.publish(NotificationCatalog.binaryFileAdded(
                file.md5(), file.size(), file.compressedSize(), file.path().toString(), file.stored()));
    }

    /** A binary's feed scores and watchlist matches, as the notifications carry them (name order). */
    private record Intel(Map<String, Integer> scores, Map<String, String> watchlists) {

        static final Intel NONE = new Intel(Map.of(), Map.of());

        static Intel of(Map<String, Long> tagValues) {
            if (tagValues == null || tagValues.isEmpty()) return NONE;
            Map<String, Integer> scores = new TreeMap<>();
            Map<String, String> watchlists = new TreeMap<>();
            for (Map.Entry<String, Long> t : tagValues.entrySet()) {
                String name = t.getKey();
                if (name.startsWith(SCORE_TAG)) {
                    scores.put(name, (int) (long) t.getValue());
                } else if (name.startsWith(WATCHLIST_TAG)) {
                    watchlists.put(name, FileTimes.isoMillis(t.getValue()));
                }
            }
            return new Intel(scores, watchlists);
        }
    }
}
