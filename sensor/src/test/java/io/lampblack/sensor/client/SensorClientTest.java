package io.lampblack.sensor.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Trusting any certificate is asked for by name, never by leaving a certificate out. */
class SensorClientTest {

    @Test
    void noCertificateFileIsNotTrustEverything() {
        var e = assertThrows(NullPointerException.class, () -> SensorClient.httpClient(null));
        assertTrue(e.getMessage().contains("trustAllHttpClient"), e.getMessage());
        assertNotNull(SensorClient.trustAllHttpClient());
        assertNotNull(SensorClient.verifyingHttpClient(null), "the sensor's: the Java runtime's trust store");
    }
}
