package io.lampblack.sensor.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.Action;
import io.lampblack.protocol.sensor.SensorProtocol.BanList;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.IngressFilterList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Results stay until a check-in carried them; the versions of what the server handed out are kept. */
class SimulatedEndpointTest {

    @Test
    void resultsStayUntilReportedAndVersionsAreKept() {
        SimulatedEndpoint host = new SimulatedEndpoint(1, 0);
        host.carryOut(List.of(new Action(7, SensorProtocol.ISOLATE, JsonNodeFactory.instance.objectNode())));
        assertEquals(1, host.unreportedResults().size());
        assertEquals(1, host.unreportedResults().size(), "a check-in that failed loses nothing");
        host.reported(host.unreportedResults());
        assertEquals(List.of(), host.unreportedResults());

        host.received(new CheckinResponse(
                List.of(), 30, new BanList("b1", List.of()), null, new IngressFilterList("f1", List.of())));
        assertEquals("b1", host.banListVersion());
        assertEquals("f1", host.ingressFilterVersion());
        assertEquals("", host.configVersion());
        host.received(new CheckinResponse(List.of(), 30, null));
        assertEquals("b1", host.banListVersion(), "an answer without the list keeps the version held");
    }
}
