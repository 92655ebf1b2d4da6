package io.lampblack.server.assembly;

import io.lampblack.server.api.InstallerApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.group.SensorGroups;
import io.lampblack.server.installer.LinuxInstallers;
import java.nio.file.Path;

/**
 * Sensor builds and installers: a group's Linux installer is made from the sensor's jars the build leaves in
 * {@code sensor/target/dist} (or {@code --sensor-dist}) and a Java runtime made from them with the server's own JDK,
 * kept in {@code DATA/installer}.
 */
public final class InstallerAssembly implements RestRoutes {

    /** Where the runtimes installers carry are kept, in the data directory. */
    static final String CACHE_DIR = "installer";

    /**
     * @param sensorDist the sensor's distribution directory (its {@code lib/} holds the jars)
     * @param publicUrl  {@code --public-url}, empty when not set
     */
    public record Settings(Path sensorDist, String publicUrl) {
        public static Settings from(ServerSettings s) {
            String dist = s.get(ServerSettings.SENSOR_DIST);
            // ./lampblack tells the server where its checkout is; the build puts the sensor's jars there.
            Path sensorDist = dist.isBlank()
                    ? Path.of(System.getProperty("lampblack.home", "."), "sensor", "target", "dist")
                    : Path.of(dist);
            return new Settings(sensorDist.toAbsolutePath().normalize(), s.get(ServerSettings.PUBLIC_URL));
        }
    }

    private final InstallerApi api;
    private final LinuxInstallers linux;

    public InstallerAssembly(ServerContext ctx, Settings settings, SensorGroups groups) {
        linux = new LinuxInstallers(
                settings.sensorDist(), Path.of(System.getProperty("java.home")), ctx.dir(CACHE_DIR), ctx.clock());
        api = new InstallerApi(groups, linux, settings.publicUrl());
    }

    /** Whether a Linux installer can be made now ({@code linuxInstallerExists} of {@code /api/info}). */
    public boolean linuxInstallerAvailable() {
        return linux.available();
    }

    @Override
    public void register(Router router) {
        api.register(router);
    }
}
