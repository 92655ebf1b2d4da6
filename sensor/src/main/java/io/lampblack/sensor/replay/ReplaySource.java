package io.lampblack.sensor.replay;

import java.util.List;

/**
 * Everything one corpus sensor uploaded: its identity as found in the data and its uploads in order, each an
 * event-log body exactly as it will be sent (plain stream or the original zip).
 */
public record ReplaySource(int corpusSensorId, String hostname, List<byte[]> uploads, int events) {}
