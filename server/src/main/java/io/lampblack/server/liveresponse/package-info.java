/**
 * Live response (reference rest_api.md §4.16): an analyst's sessions on a sensor, the commands run in them, the files
 * they move, and the per-sensor mailboxes through which a sensor's long poll (docs/sensor-protocol.md §7) receives
 * that work.
 *
 * <p>In: sessions and commands from the REST edge, results and file contents from the sensor protocol edge, the
 * sensors' facts through {@link io.lampblack.server.liveresponse.LiveSensors}. Out: work for each sensor's poll, the
 * session and command state clients read, files under {@code DATA/liveresponse}, audit entries.
 */
package io.lampblack.server.liveresponse;
