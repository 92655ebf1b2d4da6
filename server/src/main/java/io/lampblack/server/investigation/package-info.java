/**
 * Investigations: named cases an analyst opens and tags process events into (reference rest_api.md §4.15, §5.14).
 * A tagged event keeps the event as the client described it, the process it belongs to (so the reader's sensor-group
 * visibility applies to it) and who tagged it. Stored through the {@link io.lampblack.server.investigation.InvestigationStore}
 * port.
 */
package io.lampblack.server.investigation;
