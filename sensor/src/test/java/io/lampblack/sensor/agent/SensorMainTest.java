package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the sensor's process does when one of its threads dies. */
class SensorMainTest {

    @Test
    void anExceptionEndsOnlyItsThreadButAnErrorEndsTheSensorsProcess() throws Exception {
        Process p = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ThreadsDying.class.getName()))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), output);
        assertTrue(output.contains("still running after an exception"), output);
        assertTrue(output.contains("thread doomed died of java.lang.StackOverflowError; exiting"), output);
    }

    /** A sensor-like process: a thread dies of an exception, then another of an Error, while main waits for ever. */
    public static final class ThreadsDying {
        public static void main(String[] args) throws Exception {
            SensorMain.exitOnUncaughtError();
            Thread.ofPlatform()
                    .name("unlucky")
                    .start(() -> {
                        throw new IllegalStateException("a bug");
                    })
                    .join();
            System.out.println("still running after an exception");
            System.out.flush();
            Thread.ofPlatform().name("doomed").start(() -> {
                throw new StackOverflowError();
            });
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
