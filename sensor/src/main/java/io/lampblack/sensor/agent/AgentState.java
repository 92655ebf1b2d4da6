package io.lampblack.sensor.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.sensor.SensorProtocol.BanList;
import io.lampblack.protocol.sensor.SensorProtocol.SensorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sensor keeps across restarts besides its identity and spool ({@code DATA/state.json}): how much it had to
 * drop since it was installed (counts that only grow, reported at every check-in), and the group settings, ban list
 * and ingress-filter version the server last sent (so that a restart applies them at once and the server need not
 * send them again).
 */
final class AgentState {

    private static final Logger LOG = LoggerFactory.getLogger(AgentState.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Contents(
            @JsonProperty("dropped_events") long droppedEvents,
            @JsonProperty("dropped_eventlogs") long droppedEventLogs,
            @JsonProperty("config") SensorConfig config,
            @JsonProperty("ban_list") BanList banList,
            @JsonProperty("ingress_filter_version") String ingressFilterVersion) {}

    private final Path file;
    private long droppedEvents;
    private long droppedEventLogs;
    private SensorConfig config;
    private BanList banList;
    private String ingressFilterVersion = "";
    /** The kinds the group collects; all until the server says otherwise. */
    private volatile Set<EventKind> collected = EnumSet.allOf(EventKind.class);

    AgentState(Path dataDir) throws IOException {
        this.file = dataDir.resolve("state.json");
        if (Files.exists(file)) {
            Contents c;
            try {
                c = JSON.readValue(file.toFile(), Contents.class);
            } catch (IOException e) {
                // The counts would restart from zero: say so rather than pretend nothing was dropped before.
                throw new IOException(file + " is damaged (" + e.getMessage() + "); remove it to start afresh", e);
            }
            droppedEvents = c.droppedEvents();
            droppedEventLogs = c.droppedEventLogs();
            banList = c.banList();
            ingressFilterVersion = c.ingressFilterVersion() == null ? "" : c.ingressFilterVersion();
            if (c.config() != null) applyConfig(c.config());
        }
    }

    /** Counts events (and whole event logs) the sensor could not keep, and saves the counts. */
    synchronized void dropped(long events, long eventLogs) {
        droppedEvents += events;
        droppedEventLogs += eventLogs;
        save();
    }

    synchronized long droppedEvents() {
        return droppedEvents;
    }

    synchronized long droppedEventLogs() {
        return droppedEventLogs;
    }

    synchronized void config(SensorConfig c) {
        applyConfig(c);
        save();
    }

    private void applyConfig(SensorConfig c) {
        config = c;
        EnumSet<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (String k : c.eventKinds() == null ? java.util.List.<String>of() : c.eventKinds()) {
            if (k == null) continue; // a server's slip: nothing to collect for it
            try {
                kinds.add(EventKind.valueOf(k));
            } catch (IllegalArgumentException e) {
                // A kind this sensor does not know: it never produces it either.
            }
        }
        // Kinds no collect_* flag governs are always collected (sensor-protocol.md §3).
        kinds.add(EventKind.OTHER);
        kinds.add(EventKind.PROCESS_METADATA);
        kinds.add(EventKind.TAMPER);
        kinds.add(EventKind.PROCESS_BLOCK);
        collected = kinds;
    }

    /** Whether the sensor's group collects events of this kind: the others are dropped before spooling. */
    boolean collects(EventKind kind) {
        return collected.contains(kind);
    }

    synchronized String configVersion() {
        return config == null ? "" : config.version();
    }

    synchronized java.util.List<String> isolationExclusions() {
        return config == null || config.isolationExclusions() == null
                ? java.util.List.of()
                : config.isolationExclusions();
    }

    synchronized void banList(BanList b) {
        banList = b;
        save();
    }

    synchronized BanList banList() {
        return banList;
    }

    synchronized String banListVersion() {
        return banList == null ? "" : banList.version();
    }

    synchronized void ingressFilterVersion(String v) {
        ingressFilterVersion = v == null ? "" : v;
        save();
    }

    synchronized String ingressFilterVersion() {
        return ingressFilterVersion;
    }

    private void save() {
        try {
            OwnerOnlyFiles.write(
                    file,
                    JSON.writeValueAsBytes(
                            new Contents(droppedEvents, droppedEventLogs, config, banList, ingressFilterVersion)));
        } catch (IOException e) {
            // Kept in memory and reported all the same; the next change tries to save again.
            LOG.warn("cannot save {}: {}", file, e.toString());
        }
    }
}
