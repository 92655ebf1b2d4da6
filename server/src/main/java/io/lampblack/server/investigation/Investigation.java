package io.lampblack.server.investigation;

import java.time.Instant;

/**
 * An investigation.
 *
 * @param createdBy the username of the user who opened it
 */
public record Investigation(
        long id, String name, String notes, Instant dateStarted, Instant lastUpdated, String createdBy) {}
