package io.lampblack.server.assembly;

import io.lampblack.server.alert.AlertSeverity;
import io.lampblack.server.alert.Alerts;
import io.lampblack.server.api.RegistrationTokenApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.SensorApi;
import io.lampblack.server.config.OwnerOnlyFiles;
import io.lampblack.server.config.Secrets;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.ingest.SensorContexts;
import io.lampblack.server.sensor.CheckinInterval;
import io.lampblack.server.sensor.CollectionSettings;
import io.lampblack.server.sensor.RegistrationToken;
import io.lampblack.server.sensor.SensorControl;
import io.lampblack.server.sensor.SensorRegistry;
import io.lampblack.server.store.JdbcSensorStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensors and their groups: who may register (the registration token) and upload, and the facts (host, group,
 * OS) stamped on what they send.
 */
public final class SensorAssembly implements RestRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SensorAssembly.class);

    /** Where a generated registration token is kept between starts (owner-only, like everything in DATA). */
    static final String TOKEN_FILE = "sensor-registration-token";

    /**
     * @param registrationToken the operator's token ({@code --registration-token}); empty = the server's own
     * @param openRegistration  {@code --open-registration}: no token at all (labs)
     * @param checkinSeconds    {@code --checkin-seconds}: the check-in interval of sensors whose group sets none
     */
    public record Settings(String registrationToken, boolean openRegistration, int checkinSeconds) {
        public static Settings from(ServerSettings s) {
            Settings settings = new Settings(
                    s.get(ServerSettings.REGISTRATION_TOKEN),
                    s.get(ServerSettings.OPEN_REGISTRATION),
                    s.get(ServerSettings.CHECKIN_SECONDS));
            if (settings.openRegistration() && !settings.registrationToken().isEmpty()) {
                throw new IllegalArgumentException(
                        "settings 'open-registration' and 'registration-token' contradict each other; give one");
            }
            return settings;
        }
    }

    private final SensorRegistry registry;
    private final SensorControl control;
    private final SensorContexts contexts;
    private final RegistrationToken registrationToken;
    private final Optional<String> createdRegistrationToken;
    private final GroupAssembly groups;

    public SensorAssembly(ServerContext ctx, Settings settings, StoreAssembly store) throws IOException {
        JdbcSensorStore sensorStore = new JdbcSensorStore(store.database());
        registry = new SensorRegistry(sensorStore, ctx.clock());
        groups = new GroupAssembly(ctx, store, registry);
        // Each sensor's check-in interval: its group's, else the server's --checkin-seconds.
        CheckinInterval interval =
                sensorId -> groups.rules().checkinSeconds(sensorId).orElse(settings.checkinSeconds());
        control = ctx.own(new SensorControl(registry, sensorStore, ctx.clock(), interval));
        contexts = new SensorContexts(registry);
        Path file = ctx.dir(TOKEN_FILE);
        Optional<String> created = Optional.empty();
        if (settings.openRegistration()) {
            LOG.warn("registration is open (--open-registration): anyone who reaches the port can register as a"
                    + " sensor, upload events under any host's name and read the ban list; for labs only");
            registrationToken = RegistrationToken.open();
        } else if (!settings.registrationToken().isEmpty()) {
            registrationToken = RegistrationToken.configured(settings.registrationToken());
        } else {
            String kept = Files.exists(file) ? Files.readString(file).strip() : "";
            if (kept.isEmpty()) {
                kept = Secrets.newToken();
                keep(file, kept);
                created = Optional.of(kept);
            }
            registrationToken = RegistrationToken.kept(kept, keeper(file, ctx.dataDir()), Secrets::newToken);
        }
        createdRegistrationToken = created;
    }

    /**
     * Keeps a rotated token: once its file is written it is the token (the server admits it, a restart reads it), so
     * the copy in server-info.json that failed to update is only a warning; the rotation's answer still carries the
     * new token. A failure to write the token file itself fails the rotation, and the old token stays.
     */
    static RegistrationToken.Keeper keeper(Path file, Path dataDir) {
        return next -> {
            keep(file, next);
            try {
                ServerInfo.replaceRegistrationToken(dataDir, next);
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "registration token rotated, but {} still holds the old one (cannot update it: {})",
                        ServerInfo.file(dataDir),
                        e.getClass().getSimpleName());
            }
        };
    }

    private static void keep(Path file, String token) throws IOException {
        OwnerOnlyFiles.write(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public SensorRegistry registry() {
        return registry;
    }

    /** Requests to sensors (isolation, flush, restart, uninstall), their outcomes, and check-in state. */
    public SensorControl control() {
        return control;
    }

    /** What a sensor must present to register. */
    public RegistrationToken registrationToken() {
        return registrationToken;
    }

    /** The registration token, when this start generated it (the one time it may be shown). */
    public Optional<String> createdRegistrationToken() {
        return createdRegistrationToken;
    }

    /** {@code POST /api/v1/sensor/registration_token}: rotation by a global administrator; the sensor routes. */
    @Override
    public void register(Router router) {
        new RegistrationTokenApi(registrationToken).register(router);
        new SensorApi(registry, control).register(router);
    }

    /** Sensor groups, sites and their settings. */
    public GroupAssembly groups() {
        return groups;
    }

    /** Which event kinds each sensor's group collects (ingest drops the others). */
    public CollectionSettings collectionSettings() {
        return groups.rules();
    }

    /** The sensor facts stamped on each upload's segments. */
    public SensorContexts contexts() {
        return contexts;
    }

    /** What alert severity weighs: the sensor's group's {@code alert_criticality} (1..5; 3 when unknown). */
    public Alerts.SensorCriticality criticality() {
        return sensorId -> registry.sensor(sensorId)
                .flatMap(s -> registry.group(s.groupId()))
                .map(g -> (double) g.alertCriticality())
                .orElse(AlertSeverity.DEFAULT_CRITICALITY);
    }
}
