package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.Action;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import io.lampblack.sensor.isolation.HostIsolation;
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
        assertTrue(runner.hasUnreported(), "re-delivered: the results go out at once, not an interval later");
        runner.reported(results);
        assertEquals(List.of(), runner.unreported());
        assertEquals(false, runner.hasUnreported());
    }

    /** Isolation that is on until lifted; lifting can be made to fail. */
    private static final class Isolated implements HostIsolation {
        boolean isolated = true;
        boolean canLift;

        @Override
        public boolean supported() {
            return true;
        }

        @Override
        public Outcome isolate(InetSocketAddress server, List<String> exclusions) {
            isolated = true;
            return new Outcome(true, "");
        }

        @Override
        public Outcome unisolate() {
            if (!canLift) return new Outcome(false, "nft said no");
            isolated = false;
            return new Outcome(true, "");
        }

        @Override
        public boolean isolated() {
            return isolated;
        }
    }

    @Test
    void anIsolatedHostIsUnisolatedBeforeUninstallingAndStaysInstalledIfThatFails() throws Exception {
        Isolated isolation = new Isolated();
        List<String> asked = new ArrayList<>();
        ActionRunner r = new ActionRunner(
                isolation, InetSocketAddress.createUnresolved("lb", 8443), List::of, new ActionRunner.Agent() {
                    @Override
                    public void flush(Instant until) {}

                    @Override
                    public void restart() {}

                    @Override
                    public void uninstallAfterReport() {
                        asked.add("uninstall");
                    }
                });
        r.carryOut(List.of(action(1, SensorProtocol.UNINSTALL, "{}")));
        ActionResult refused = r.unreported().getFirst();
        assertEquals("failed", refused.outcome());
        assertTrue(refused.message().contains("nft said no"), refused.message());
        assertEquals(List.of(), asked, "not uninstalled: nothing could lift the isolation afterwards");
        assertTrue(isolation.isolated);

        isolation.canLift = true;
        r.carryOut(List.of(action(2, SensorProtocol.UNINSTALL, "{}")));
        assertEquals("applied", r.unreported().getLast().outcome());
        assertEquals(List.of("uninstall"), asked);
        assertEquals(false, isolation.isolated, "the host's network is whole again");
    }
}
