package io.lampblack.server.investigation;

import io.lampblack.protocol.ProcessGuid;
import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.problem.TextLimits;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The rules of investigations and tagged events: names are required, text fits where it is kept, a tagged event
 * names an existing investigation and a process the tagger may see (the process must be in the index when it is
 * tagged; the tag outlives the process's retention). Ids in a body that name nothing are the body's fault (400
 * naming the field); ids in a path are answered by the edge (404).
 */
public final class Investigations {

    static final int MAX_NAME = 1024;
    static final int MAX_NOTES = 65_536;
    static final int MAX_EVENT_DATA = 1_048_576;
    static final int MAX_SHORT = 64;

    /** What a client sends to tag an event; absent values are null. */
    public record TagRequest(
            Long investigationId,
            String eventType,
            String eventId,
            String eventData,
            String uniqueId,
            Long segmentId,
            String startDate,
            String notes) {}

    private final InvestigationStore store;
    private final Clock clock;

    public Investigations(InvestigationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Investigation> all() {
        return store.investigations();
    }

    public Optional<Investigation> find(long id) {
        return store.investigation(id);
    }

    public Investigation open(String name, String notes, String username) {
        var now = clock.instant();
        return store.create(new Investigation(0, name(name), notes(notes), now, now, username));
    }

    /** Changes what is given (null = unchanged); empty when there is no such investigation. */
    public Optional<Investigation> change(long id, String name, String notes) {
        Optional<Investigation> current = store.investigation(id);
        if (current.isEmpty()) return current;
        Investigation o = current.get();
        Investigation changed = new Investigation(
                id,
                name == null ? o.name() : name(name),
                notes == null ? o.notes() : notes(notes),
                o.dateStarted(),
                clock.instant(),
                o.createdBy());
        return store.update(changed) ? Optional.of(changed) : Optional.empty();
    }

    public boolean close(long id) {
        return store.delete(id);
    }

    public List<TaggedEvent> eventsOf(long investigationId) {
        return store.eventsOf(investigationId);
    }

    public List<TaggedEvent> eventsOfProcess(String processId) {
        return store.eventsOfProcess(processId.toLowerCase(java.util.Locale.ROOT));
    }

    public Optional<TaggedEvent> event(long id) {
        return store.event(id);
    }

    /**
     * Tags an event.
     *
     * @param visibleProcess whether a process GUID names a process in the index that the tagger may see
     * @return the new tagged event's id
     */
    public long tag(TagRequest r, Predicate<ProcessGuid> visibleProcess, String username) {
        if (r.investigationId() == null) throw missing("investigation_id");
        if (store.investigation(r.investigationId()).isEmpty()) {
            throw new InvalidInput(
                    "invalid_input", "'investigation_id' " + r.investigationId() + " names no investigation");
        }
        if (r.uniqueId() == null || r.uniqueId().isBlank()) throw missing("unique_id");
        String uniqueId = r.uniqueId().strip().toLowerCase(java.util.Locale.ROOT);
        ProcessGuid guid = guidOf(uniqueId);
        long segment = r.segmentId() != null ? r.segmentId() : segmentOf(uniqueId);
        if (!visibleProcess.test(guid)) {
            throw new InvalidInput("invalid_input", "'unique_id' " + uniqueId + " names no process");
        }
        return store.tag(new TaggedEvent(
                0,
                r.investigationId(),
                TextLimits.atMost("event_type", nonNull(r.eventType()), MAX_SHORT),
                TextLimits.atMost("event_id", nonNull(r.eventId()), 255),
                TextLimits.atMost("event_data", r.eventData() == null ? "{}" : r.eventData(), MAX_EVENT_DATA),
                TextLimits.atMost("unique_id", uniqueId, MAX_SHORT),
                segment,
                guid.toString(),
                guid.sensorId(),
                TextLimits.atMost("start_date", nonNull(r.startDate()), MAX_SHORT),
                clock.instant(),
                username,
                notes(r.notes())));
    }

    /** Changes start_date, event_data and notes where given; false when there is no such event. */
    public boolean retag(long id, String startDate, String eventData, String notes) {
        Optional<TaggedEvent> current = store.event(id);
        if (current.isEmpty()) return false;
        TaggedEvent o = current.get();
        return store.update(new TaggedEvent(
                id,
                o.investigationId(),
                o.eventType(),
                o.eventId(),
                eventData == null ? o.eventData() : TextLimits.atMost("event_data", eventData, MAX_EVENT_DATA),
                o.uniqueId(),
                o.segmentId(),
                o.processId(),
                o.sensorId(),
                startDate == null ? o.startDate() : TextLimits.atMost("start_date", startDate, MAX_SHORT),
                o.dateTagged(),
                o.taggedBy(),
                notes == null ? o.notes() : notes(notes)));
    }

    public boolean untag(long id) {
        return store.untag(id);
    }

    /** The process GUID at the start of a {@code unique_id} (or the GUID alone). */
    static ProcessGuid guidOf(String uniqueId) {
        if (uniqueId.length() < ProcessGuid.TEXT_LENGTH) throw malformedUniqueId(uniqueId);
        try {
            return ProcessGuid.parse(uniqueId.substring(0, ProcessGuid.TEXT_LENGTH));
        } catch (IllegalArgumentException e) {
            throw malformedUniqueId(uniqueId);
        }
    }

    /** The segment id after the GUID ({@code -<hex>}), 0 (the whole process) when there is none. */
    static long segmentOf(String uniqueId) {
        if (uniqueId.length() == ProcessGuid.TEXT_LENGTH) return 0;
        String rest = uniqueId.substring(ProcessGuid.TEXT_LENGTH);
        if (rest.length() < 2 || rest.length() > 17 || rest.charAt(0) != '-') throw malformedUniqueId(uniqueId);
        try {
            return HexFormat.fromHexDigitsToLong(rest.substring(1));
        } catch (IllegalArgumentException e) {
            throw malformedUniqueId(uniqueId);
        }
    }

    private static InvalidInput malformedUniqueId(String uniqueId) {
        return new InvalidInput(
                "invalid_input", "'unique_id' must be a process GUID followed by -<segment hex>, not " + uniqueId);
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) throw missing("name");
        return TextLimits.atMost("name", name.strip(), MAX_NAME);
    }

    private static String notes(String notes) {
        return TextLimits.atMost("notes", nonNull(notes), MAX_NOTES);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static InvalidInput missing(String field) {
        return new InvalidInput("invalid_input", "'" + field + "' is required");
    }
}
