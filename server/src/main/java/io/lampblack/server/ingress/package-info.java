/**
 * Ingress filters (reference rest_api.md §4.14, §5.13): events an administrator does not want kept, dropped at
 * intake before an upload is journaled, so that they are never stored, indexed, published or matched. The same
 * intake step drops the event kinds a sensor's group does not collect ({@link io.lampblack.server.sensor.CollectionSettings}).
 * Filters marked {@code filter_on_sensor} are also handed to sensors at check-in. Decisions where Carbon Black's
 * behaviour is unknown are in docs/compatibility.md ("Ingress filters and Redis").
 */
package io.lampblack.server.ingress;
