package io.lampblack.server.support;

import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server in a child JVM, so that a test can kill it with SIGKILL (no shutdown hooks, no final commit) and start
 * it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    public final String url;
    public final String token;

    private ServerProcess(Process process, String url, String token) {
        this.process = process;
        this.url = url;
        this.token = token;
    }

    public static ServerProcess start(Path dataDir, String... settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                ServerProcess.class.getName(),
                "--data",
                dataDir.toString(),
                "--port",
                "0",
                "--bus-port",
                "0",
                // Its sensors register without a token (a later setting given by the test wins).
                "--open-registration",
                "true"));
        cmd.addAll(List.of(settings));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        long deadline = System.currentTimeMillis() + 60_000;
        while ((line = r.readLine()) != null && System.currentTimeMillis() < deadline) {
            if (line.startsWith("READY ")) {
                String[] parts = line.split(" ");
                Thread drain = new Thread(
                        () -> {
                            try {
                                while (r.readLine() != null) {
                                    // keep the pipe from filling up
                                }
                            } catch (Exception ignored) {
                                // the process died
                            }
                        },
                        "server-output");
                drain.setDaemon(true);
                drain.start();
                return new ServerProcess(p, parts[1], parts[2]);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("server process did not start; last output: " + line);
    }

    /** SIGKILL: the JVM gets no chance to flush, commit or close anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }

    /** Child JVM entry point. */
    public static void main(String[] args) throws Exception {
        LampblackServer s = LampblackServer.start(ServerSettings.fromArgs(List.of(args)));
        System.out.println("READY " + s.url() + " " + s.adminToken().orElse("-"));
        System.out.flush();
        Thread.currentThread().join();
    }
}
