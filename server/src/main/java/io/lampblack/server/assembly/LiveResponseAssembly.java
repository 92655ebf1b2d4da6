package io.lampblack.server.assembly;

import io.lampblack.server.api.LiveResponseApi;
import io.lampblack.server.api.LiveResponseSensorApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.SensorProtocolApi;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.liveresponse.LiveResponse;
import io.lampblack.server.liveresponse.LiveResponseLimits;
import io.lampblack.server.liveresponse.LiveSensors;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Live response: sessions, commands and files ({@code /api/v1/cblr}) and the sensor's long poll, results and file
 * transfers (sensor protocol §7). Assembled after sensors and access (it needs the sensors' groups and facts, and the
 * audit log), before ingest, whose check-in answers say when a session waits for a sensor.
 */
public final class LiveResponseAssembly implements RestRoutes {

    /**
     * @param uploadReadTimeout longest a sensor's or analyst's file transfer (or a sensor's result) may go without a
     *                          byte arriving
     * @param uploadMinRate     bytes per second a sensor's result must average over each such stretch
     */
    public record Settings(LiveResponseLimits limits, Duration uploadReadTimeout, long uploadMinRate) {
        public static Settings from(ServerSettings s) {
            return new Settings(
                    new LiveResponseLimits(
                            s.get(ServerSettings.LR_MAX_SESSIONS),
                            Duration.ofSeconds(s.get(ServerSettings.LR_SENSOR_WAIT_SECONDS)),
                            Duration.ofSeconds(s.get(ServerSettings.LR_SESSION_TIMEOUT_SECONDS)),
                            Duration.ofSeconds(s.get(ServerSettings.LR_CHECKIN_TIMEOUT_SECONDS)),
                            Duration.ofDays(s.get(ServerSettings.LR_STORAGE_TTL_DAYS)),
                            s.get(ServerSettings.LR_MAX_FILE),
                            s.get(ServerSettings.LR_MAX_STORAGE),
                            Duration.ofSeconds(s.get(ServerSettings.LR_COMMAND_WAIT_SECONDS)),
                            Duration.ofSeconds(60)),
                    Duration.ofSeconds(s.get(ServerSettings.UPLOAD_READ_TIMEOUT)),
                    s.get(ServerSettings.UPLOAD_MIN_RATE));
        }
    }

    private final LiveResponse liveResponse;
    private final LiveResponseApi api;
    private final LiveResponseSensorApi sensorApi;

    public LiveResponseAssembly(ServerContext ctx, Settings settings, SensorAssembly sensors, AccessAssembly access)
            throws IOException {
        Path dir = ctx.dir("liveresponse");
        SensorRegistry registry = sensors.registry();
        liveResponse = ctx.own(new LiveResponse(
                dir,
                id -> registry.sensor(id).map(LiveResponseAssembly::view),
                settings.limits(),
                access.audit(),
                ctx.clock(),
                LiveResponseApi::commandLog));
        // Under tmp: whatever a crash leaves there is deleted at the next start.
        api = new LiveResponseApi(liveResponse, dir.resolve("tmp").resolve("uploads"));
        sensorApi = new LiveResponseSensorApi(
                registry, liveResponse, settings.uploadReadTimeout(), settings.uploadMinRate());
    }

    private static LiveSensors.LiveSensor view(Sensor s) {
        String adapters = Optional.ofNullable(s.facts().networkAdapters()).orElse(s.networkAdapters());
        String address = adapters == null ? "" : adapters.split("[,|]", 2)[0];
        String os = Optional.ofNullable(s.facts().osEnvironment()).orElse(s.osEnvironment());
        return new LiveSensors.LiveSensor(
                s.id(),
                s.groupId(),
                s.hostname(),
                address,
                os == null ? "" : os,
                s.facts().takesLiveResponse());
    }

    /** What the sensor protocol's answers tell sensors of the sessions pending or open on them. */
    public SensorProtocolApi.LiveResponseHints hints() {
        return new SensorProtocolApi.LiveResponseHints() {
            @Override
            public boolean live(int sensorId) {
                return liveResponse.live(sensorId);
            }

            @Override
            public boolean waitingFor(int sensorId) {
                return liveResponse.waitingFor(sensorId);
            }

            @Override
            public void told(int sensorId) {
                liveResponse.toldAtCheckin(sensorId);
            }
        };
    }

    /** The heap that sensors' results being received hold (tests). */
    public io.lampblack.server.ingest.InflightBudget resultsInFlight() {
        return sensorApi.resultsBudget();
    }

    public LiveResponse liveResponse() {
        return liveResponse;
    }

    @Override
    public void register(Router router) {
        api.register(router);
        sensorApi.register(router);
    }
}
