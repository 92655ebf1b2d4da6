/**
 * The Carbon Black message bus, publishing side: what Lampblack puts on AMQP so that cb-event-forwarder, cbapi's
 * event source and the {@code server_apis} scripts keep working (contract: {@code reference/bus_and_events.md} §1).
 *
 * <p>{@link io.lampblack.server.bus.NotificationCatalog} owns every exchange, routing key and message shape;
 * {@link io.lampblack.server.bus.BusPublisher} takes finished {@link io.lampblack.server.bus.BusMessage}s without
 * ever blocking the caller, and {@link io.lampblack.server.bus.AmqpBusPublisher} delivers them to a broker with
 * publisher confirms from a bounded buffer on its own thread. The ingest side reaches the bus through
 * {@link io.lampblack.server.bus.RawExporter}, a hook on the ingest route's journaled stage
 * ({@link io.lampblack.server.ingest.IngestRoute.OnJournaled}) told of each upload as it arrives, which encodes on its own thread with {@link io.lampblack.server.bus.RawEventExport} (one
 * protobuf per event on {@code api.events}) and {@link io.lampblack.server.bus.RawSensorDataExport} (one zip per
 * upload on {@code api.rawsensordata}). The binary catalog and store reach it through
 * {@link io.lampblack.server.bus.BinaryNotifications} ({@code binaryinfo.*}, {@code binarystore.file.added}).
 * {@link io.lampblack.server.bus.Bus} picks all of this from the settings.
 */
package io.lampblack.server.bus;
