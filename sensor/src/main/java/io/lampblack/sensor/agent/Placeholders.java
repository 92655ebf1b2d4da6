package io.lampblack.sensor.agent;

import io.lampblack.sensor.isolation.HostIsolation;
import io.lampblack.sensor.telemetry.Telemetry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Stand-ins for the parts of the sensor that act on the host while they are not plugged in: telemetry that observes
 * nothing, isolation that is not supported. {@link SensorMain} uses them until the real parts are wired.
 */
public final class Placeholders {

    private Placeholders() {}

    /** Observes nothing and finds no file. */
    public static Telemetry noTelemetry() {
        return new Telemetry() {
            @Override
            public Optional<Path> fileFor(String md5) {
                return Optional.empty();
            }

            @Override
            public Stats stats() {
                return new Stats(0, 0, 0, "none");
            }

            @Override
            public void close() {}
        };
    }

    /** Isolation this host does not support: isolate and unisolate actions are reported failed, with this reason. */
    public static HostIsolation unsupportedIsolation() {
        return new HostIsolation() {
            @Override
            public boolean supported() {
                return false;
            }

            @Override
            public Outcome isolate(InetSocketAddress server, List<String> exclusions) {
                return new Outcome(false, "network isolation is not supported on this host");
            }

            @Override
            public Outcome unisolate() {
                return new Outcome(false, "network isolation is not supported on this host");
            }

            @Override
            public boolean isolated() {
                return false;
            }
        };
    }
}
