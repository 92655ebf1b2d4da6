package io.lampblack.server.investigation;

import java.util.List;
import java.util.Optional;

/** Where investigations and their tagged events are kept; each method is one transaction. */
public interface InvestigationStore {

    List<Investigation> investigations();

    Optional<Investigation> investigation(long id);

    /** Stores a new investigation (its {@code id} is ignored) and answers it with its id. */
    Investigation create(Investigation draft);

    /** Replaces name, notes and last_updated; false when there is no such investigation. */
    boolean update(Investigation changed);

    /** Deletes an investigation and its tagged events; false when there was none. */
    boolean delete(long id);

    List<TaggedEvent> eventsOf(long investigationId);

    List<TaggedEvent> eventsOfProcess(String processId);

    Optional<TaggedEvent> event(long id);

    /**
     * Stores a new tagged event (its {@code id} is ignored) and marks its investigation updated at the time it was
     * tagged, together; answers the event's id.
     */
    long tag(TaggedEvent draft);

    /** Replaces start_date, event_data and notes; false when there is no such event. */
    boolean update(TaggedEvent changed);

    boolean untag(long id);
}
