package io.lampblack.sensor.replay;

import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers one sensor per corpus (sensor id, hostname) and uploads its event logs in order. The server assigns
 * the sensor ids, so process GUIDs start with the new id; the mapping is printed.
 */
public final class Replay {

    /** Which server sensor replayed which corpus sensor. */
    public record Mapping(int corpusSensorId, String hostname, int sensorId, int uploads, int events) {}

    private Replay() {}

    public static List<Mapping> run(
            SensorClient client, List<ReplaySource> sources, String registrationToken, PrintStream out)
            throws IOException, InterruptedException {
        List<Mapping> mappings = new ArrayList<>();
        for (ReplaySource src : sources) {
            RegisterResponse reg = client.register(
                    new RegisterRequest(
                            src.hostname(),
                            src.hostname().toLowerCase(),
                            "windows",
                            "workstation",
                            "Windows (replayed corpus)",
                            "",
                            "replay",
                            1),
                    registrationToken);
            SensorClient.Identity id = new SensorClient.Identity(reg.sensorId(), reg.secret());
            client.checkin(id, List.of());
            int n = 0;
            for (byte[] upload : src.uploads()) {
                client.upload(id, "replay-" + (++n), upload);
            }
            Mapping m = new Mapping(src.corpusSensorId(), src.hostname(), reg.sensorId(), n, src.events());
            mappings.add(m);
            if (out != null) {
                out.printf(
                        "corpus sensor %d (%s) -> sensor %d: %d uploads, %d events%n",
                        m.corpusSensorId(), m.hostname(), m.sensorId(), m.uploads(), m.events());
            }
        }
        return mappings;
    }
}
