package io.lampblack.server.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.NotificationCatalog;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.search.RecordPage;
import io.lampblack.server.search.SensorScope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Raises alerts and lets analysts triage them. An alert's {@code unique_id} is derived from what it is about (its
 * type, source, report or watchlist, and process or binary), so the same finding raises one alert however often it
 * matches, and a replayed upload cannot raise it twice; an analyst's status survives further hits. Each new alert is
 * published as {@code alert.<alert_type>}.
 */
public final class Alerts implements AutoCloseable {

    /** The statuses an analyst can set (reference §4.11), in their canonical spelling. */
    public static final List<String> STATUSES = List.of("Unresolved", "In Progress", "Resolved", "False Positive");

    /** The longest assignee (a username, as long as the users table allows). */
    public static final int MAX_ASSIGNEE = 255;

    /** Turns off future hits of what raised a feed alert (its report): the port threat intelligence offers. */
    @FunctionalInterface
    public interface ReportIgnorer {
        ReportIgnorer NONE = (feedId, reportId) -> {};

        void ignore(long feedId, String reportId);
    }

    /** A sensor's criticality (its group's alert criticality, 1..5): the port sensor administration offers. */
    @FunctionalInterface
    public interface SensorCriticality {
        SensorCriticality DEFAULT = sensorId -> AlertSeverity.DEFAULT_CRITICALITY;

        double of(int sensorId);
    }

    private final AlertStore index;
    private final BusPublisher bus;
    private final Clock clock;
    private final ReportIgnorer ignorer;
    private final SensorCriticality criticality;

    /** Alerts that ignore no reports and weigh every sensor with the default criticality (3). */
    public Alerts(AlertStore store, BusPublisher bus, Clock clock) {
        this(store, bus, ReportIgnorer.NONE, SensorCriticality.DEFAULT, clock);
    }

    /** @param store where the alerts are kept; closed with these alerts */
    public Alerts(
            AlertStore store, BusPublisher bus, ReportIgnorer ignorer, SensorCriticality criticality, Clock clock) {
        this.index = store;
        this.bus = bus;
        this.ignorer = ignorer;
        this.criticality = criticality;
        this.clock = clock;
    }

    /** What one alert is raised from: its source, its subject, and more facts of the subject (added as they are). */
    public record Finding(AlertSource source, AlertSubject subject, ObjectNode details) {
        public Finding(AlertSource source, AlertSubject subject) {
            this(source, subject, Json.MAPPER.createObjectNode());
        }
    }

    /** Raises the alert unless the same finding already has one; the new alert, if any. */
    public Optional<ObjectNode> raise(AlertSource source, AlertSubject subject) {
        return raiseAll(List.of(new Finding(source, subject))).stream().findFirst();
    }

    /**
     * Raises the alerts of findings that have none yet, in one commit (a process's event counts and addresses, a
     * binary's file names go in as {@code details}), and announces each new one. The new alerts.
     */
    public List<ObjectNode> raiseAll(List<Finding> findings) {
        if (findings.isEmpty()) return List.of();
        Instant now = clock.instant();
        List<ObjectNode> docs = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            double c = f.subject().sensorId() > 0
                    ? criticality.of(f.subject().sensorId())
                    : AlertSeverity.DEFAULT_CRITICALITY;
            ObjectNode a = document(f.source(), f.subject(), c, now);
            f.details().properties().forEach(e -> {
                if (!a.has(e.getKey())) a.set(e.getKey(), e.getValue());
            });
            docs.add(a);
        }
        List<ObjectNode> added = index.putAllIfAbsent(docs);
        for (ObjectNode a : added) bus.publish(NotificationCatalog.alert(a, now));
        return added;
    }

    static ObjectNode document(AlertSource source, AlertSubject subject, double criticality, Instant now) {
        String about = subject.isProcess()
                ? subject.processId()
                : subject.md5().toLowerCase(Locale.ROOT) + "|" + subject.sensorId();
        String identity = source.alertType() + "|" + source.feedId() + "|" + source.watchlistId() + "|" + about;
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put(
                "unique_id",
                UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8))
                        .toString());
        a.put("alert_type", source.alertType());
        a.put("status", "Unresolved");
        a.put("created_time", now.toString());
        a.put("report_score", source.reportScore());
        double confidence = AlertSeverity.DEFAULT_CONFIDENCE;
        a.put("alert_severity", AlertSeverity.of(source.reportScore(), source.feedRating(), criticality, confidence));
        a.put("feed_id", source.feedId());
        a.put("feed_name", source.feedName());
        a.put("feed_rating", source.feedRating());
        a.put("watchlist_id", source.watchlistId());
        a.put("watchlist_name", source.watchlistName());
        a.put("ioc_type", source.iocType());
        a.put("ioc_value", source.iocValue());
        a.put("ioc_attr", source.iocAttr());
        a.put("ioc_confidence", confidence);
        a.put("sensor_criticality", criticality);
        a.put("sensor_id", subject.sensorId());
        a.put("hostname", subject.hostname());
        a.put("group", subject.group());
        a.put("os_type", subject.osType());
        if (subject.isProcess()) {
            a.put("process_id", subject.processId());
            a.put("segment_id", subject.segmentId());
            a.put("process_name", subject.processName());
            a.put("process_path", subject.processPath());
            a.put("username", subject.username());
        }
        a.put(
                "md5",
                subject.isProcess()
                        ? subject.md5().toLowerCase(Locale.ROOT)
                        : subject.md5().toUpperCase(Locale.ROOT));
        a.put("assigned_to", "");
        a.put("is_ignored", false);
        return a;
    }

    public Optional<ObjectNode> get(String uniqueId) {
        return index.get(uniqueId);
    }

    public RecordPage search(Map<String, List<String>> params) {
        return index.search(params);
    }

    /** The alerts of the sensors in scope only. */
    public RecordPage search(Map<String, List<String>> params, SensorScope sensors) {
        return index.search(params, sensors);
    }

    /** The alerts matching a query-language string, for bulk changes; at most {@code limit}. */
    public List<ObjectNode> matching(String query, int limit) {
        return index.matching(query, limit);
    }

    /**
     * Changes alerts: status (one of {@link #STATUSES}, any case), assignee, and ignoring (which also ignores a feed
     * alert's report, so it stops producing hits). Unknown ids are skipped; how many changed is returned.
     *
     * @throws io.lampblack.server.problem.InvalidInput an unknown status ({@code invalid_status}), an assignee longer
     *     than {@link #MAX_ASSIGNEE} ({@code value_too_long})
     */
    public int change(
            Collection<String> uniqueIds, Optional<String> status, Optional<String> assignedTo, boolean setIgnored) {
        Optional<String> canonical = status.map(Alerts::canonicalStatus);
        // A username; the alert index keeps it as one keyword, which Lucene refuses beyond 32 KB.
        assignedTo.ifPresent(u -> io.lampblack.server.problem.TextLimits.atMost("assigned_to", u, MAX_ASSIGNEE));
        List<ObjectNode> changed = new ArrayList<>();
        // A feed alert's report (feed id, report id): ignored once however many of its alerts are.
        java.util.Set<Map.Entry<Long, String>> reports = new java.util.LinkedHashSet<>();
        for (String id : uniqueIds) {
            Optional<ObjectNode> found = index.get(id);
            if (found.isEmpty()) continue;
            ObjectNode a = found.get();
            canonical.ifPresent(s -> a.put("status", s));
            assignedTo.ifPresent(u -> a.put("assigned_to", u));
            if (setIgnored) {
                a.put("is_ignored", true);
                long feedId = a.path("feed_id").asLong(-1);
                if (feedId > 0)
                    reports.add(Map.entry(feedId, a.path("watchlist_id").asText()));
            }
            changed.add(a);
        }
        index.put(changed);
        reports.forEach(r -> ignorer.ignore(r.getKey(), r.getValue()));
        return changed.size();
    }

    static String canonicalStatus(String status) {
        for (String s : STATUSES) {
            if (s.equalsIgnoreCase(status.strip())) return s;
        }
        throw new InvalidInput("invalid_status", "status must be one of " + STATUSES + ", not '" + status + "'");
    }

    @Override
    public void close() {
        index.close();
    }
}
