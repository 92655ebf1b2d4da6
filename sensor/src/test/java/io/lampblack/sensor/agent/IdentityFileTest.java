package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.sensor.client.SensorClient;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An identity is the server's that gave it: another server's --server is refused with the way out. */
class IdentityFileTest {

    @TempDir
    Path data;

    @Test
    void anIdentityFromAnotherServerIsRefusedWithTheWayOut() throws Exception {
        IdentityFile f = new IdentityFile(data);
        f.write(new SensorClient.Identity(7, "s3cret"), "https://lb.example:8443");
        assertEquals(7, f.read("https://lb.example:8443/").orElseThrow().sensorId(), "the same server");
        IOException e = assertThrows(IOException.class, () -> f.read("https://other.example:8443"));
        assertTrue(e.getMessage().contains("registered with https://lb.example:8443"), e.getMessage());
        assertTrue(e.getMessage().contains("remove " + data.resolve("identity.json")), e.getMessage());
    }
}
