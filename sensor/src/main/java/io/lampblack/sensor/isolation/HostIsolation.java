package io.lampblack.sensor.isolation;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Cuts the host off the network except for the server (and the group's isolation exclusions), and lifts it.
 * Carried out for the {@code isolate} and {@code unisolate} actions of a check-in.
 */
public interface HostIsolation {

    /** How an isolation request ended, reported to the server as the action's result. */
    record Outcome(boolean applied, String message) {}

    /** Whether this host can be isolated at all (e.g. nftables present and permitted). */
    boolean supported();

    Outcome isolate(InetSocketAddress server, List<String> exclusions);

    Outcome unisolate();

    /** Whether the host is isolated now (reported as {@code is_isolating}). */
    boolean isolated();
}
