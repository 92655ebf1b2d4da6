package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.Action;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Actions carried out once, reported until a check-in carried the result; what cannot be done is reported failed. */
class ActionRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> done = new ArrayList<>();
    private final ActionRunner runner = new ActionRunner(
            Placeholders.unsupportedIsolation(),
            InetSocketAddress.createUnresolved("lb", 8443),
            List::of,
            new ActionRunner.Agent() {
                @Override
                public void flush(Instant until) {
                    done.add("flush " + until);
                }

                @Override
                public void restart() {
                    done.add("restart");
                }

                @Override
                public void uninstallAfterReport() {
                    done.add("uninstall");
                }
            });

    private static Action action(long id, String type, String payload) throws Exception {
        return new Action(id, type, JSON.readTree(payload));
    }

    @Test
    void eachActionOnceItsResultUntilReported() throws Exception {
        List<Action> sent = List.of(
                action(1, SensorProtocol.FLUSH, "{\"until\": \"2036-02-05T10:00:00Z\"}"),
                action(2, SensorProtocol.RESTART, "{}"),
                action(3, "reboot_into_bios", "{}"),
                action(4, SensorProtocol.ISOLATE, "{}"),
                action(5, SensorProtocol.FLUSH, "{\"until\": \"tomorrow\"}"));
        assertTrue(runner.carryOut(sent));
        assertEquals(List.of("flush 2036-02-05T10:00:00Z", "restart"), done);
        List<ActionResult> results = runner.unreported();
        assertEquals(
                List.of("applied", "applied", "failed", "failed", "failed"),
                results.stream().map(ActionResult::outcome).toList());
        assertEquals("unknown action type 'reboot_into_bios'", results.get(2).message());
        assertEquals(
                "network isolation is not supported on this host",
                results.get(3).message());
        assertTrue(results.get(4).message().contains("ISO-8601"), results.get(4).message());

        // The check-in carrying them was lost: the server delivers them again; nothing is done twice.
        assertEquals(false, runner.carryOut(sent));
        assertEquals(2, done.size());
        assertEquals(results, runner.unreported());
        runner.reported(results);
        assertEquals(List.of(), runner.unreported());
    }
}
