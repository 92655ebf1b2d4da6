package io.lampblack.server.investigation;

import java.time.Instant;

/**
 * A process event tagged into an investigation.
 *
 * @param eventData the JSON object the client described the event with, kept as sent
 * @param uniqueId  the process segment's {@code unique_id} ({@code <guid>-<segment hex>})
 * @param processId the process GUID, whose first eight hex digits are the sensor id
 * @param startDate the client's text (Carbon Black sends the event's time); kept as sent
 * @param taggedBy  the username of the user who tagged it
 */
public record TaggedEvent(
        long id,
        long investigationId,
        String eventType,
        String eventId,
        String eventData,
        String uniqueId,
        long segmentId,
        String processId,
        int sensorId,
        String startDate,
        Instant dateTagged,
        String taggedBy,
        String notes) {}
