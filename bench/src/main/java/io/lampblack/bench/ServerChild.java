package io.lampblack.bench;

import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A server in a child JVM, as {@code ./lampblack server --data DIR} runs it, for the benchmarks that kill it with
 * SIGKILL and time its start: the checkout's own script when the bench runs from one ({@code lampblack.home}), so
 * its JVM flags (class-data sharing among them) count, else this class's {@link #main} on the bench's class path.
 */
public final class ServerChild implements AutoCloseable {

    private static final String RUNNING = "Lampblack is running at ";

    private final Process process;
    private final String url;
    private final long spawnedNanos;
    private final long announcedNanos;

    private ServerChild(Process process, String url, long spawnedNanos, long announcedNanos) {
        this.process = process;
        this.url = url;
        this.spawnedNanos = spawnedNanos;
        this.announcedNanos = announcedNanos;
    }

    /**
     * Starts a server on {@code data} (any free ports) and returns once it printed its URL.
     *
     * @param home     a checkout whose {@code ./lampblack} starts the server, or empty for this class path
     * @param settings further settings ({@code --key value ...})
     * @param lines    sees every line the server prints (on a thread of its own)
     */
    public static ServerChild start(Optional<Path> home, Path data, List<String> settings, Consumer<String> lines)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (home.isPresent()) {
            cmd.add(home.get().resolve("lampblack").toString());
            cmd.add("server");
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx2g");
            // The flags ./lampblack gives its server JVM, so that nothing but the start itself differs.
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--enable-native-access") || a.startsWith("--sun-misc-unsafe")) cmd.add(a);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerChild.class.getName()));
        }
        cmd.addAll(List.of("--data", data.toString(), "--port", "0", "--bus-port", "0"));
        cmd.addAll(settings);
        long spawned = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("server-child-output").start(() -> {
            StringBuilder tail = new StringBuilder();
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.accept(line);
                    if (!url.isDone()) {
                        if (line.startsWith(RUNNING))
                            url.complete(line.substring(RUNNING.length()).trim());
                        else tail.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process died; its exit is reported below
            }
            url.completeExceptionally(new IllegalStateException("the server did not start; it said:\n" + tail));
        });
        try {
            String u = url.get(300, TimeUnit.SECONDS);
            return new ServerChild(p, u, spawned, System.nanoTime());
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("server did not start: " + e.getMessage(), e);
        }
    }

    /** The checkout to start servers from: the one the bench runs in, when it runs through {@code ./lampblack}. */
    public static Optional<Path> defaultHome() {
        String home = System.getProperty("lampblack.home");
        return home == null || !Files.isExecutable(Path.of(home, "lampblack"))
                ? Optional.empty()
                : Optional.of(Path.of(home));
    }

    public String url() {
        return url;
    }

    /** Seconds from spawning the process until it announced its URL (it serves from then on). */
    public double announcedSeconds() {
        return (announcedNanos - spawnedNanos) / 1e9;
    }

    /**
     * Seconds from spawning the process until an HTTPS request got an answer (any status: a 401 is an answer).
     */
    public double secondsUntilAnswering(HttpClient http) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create(url + "/api/info"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return (System.nanoTime() - spawnedNanos) / 1e9;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(10);
            }
        }
    }

    /** CPU time the server's process has used so far (user and system). */
    public long cpuNanos() {
        return process.info()
                .totalCpuDuration()
                .map(java.time.Duration::toNanos)
                .orElse(0L);
    }

    /**
     * Asks the server's JVM for a full collection ({@code jcmd PID GC.run}), so that its heap figure after it is what
     * it holds rather than garbage; false when jcmd is not there or failed.
     */
    public boolean collectGarbage() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) return false;
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's resident set size (Linux; 0 where /proc is not there). */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    public double secondsSinceSpawn() {
        return (System.nanoTime() - spawnedNanos) / 1e9;
    }

    /** SIGKILL: no shutdown hook, no final commit. */
    public void kill() throws InterruptedException {
        // The script execs java, so the script's process is the server's JVM.
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** SIGTERM: a clean stop (final commit). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) kill();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }

    /** Process segments the server finds for {@code q=} (everything), through the REST API as a user sees it. */
    public long segments(HttpClient http, String apiToken) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/process?q=&rows=0"))
                        .header("X-Auth-Token", apiToken)
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("process search answered " + r.statusCode() + ": " + r.body());
        return Json.MAPPER.readTree(r.body()).get("total_results").asLong();
    }

    /** Median and spread of a figure measured in several rounds: {@code 1.23 (min 1.10, max 1.40, 3 rounds)}. */
    static String spread(List<Double> values) {
        List<Double> v = values.stream().sorted().toList();
        double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
        return String.format("%.2f (min %.2f, max %.2f, %d rounds)", median, v.getFirst(), v.getLast(), v.size());
    }

    /** The value of a key of {@code DATA/server-info.json}, if the file and the key are there. */
    public static Optional<String> serverInfo(Path data, String key) throws IOException {
        Path f = data.resolve("server-info.json");
        if (!Files.exists(f)) return Optional.empty();
        var v = Json.MAPPER.readTree(f.toFile()).get(key);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    /** Child JVM entry point: the server, as {@code ./lampblack server} starts it. */
    public static void main(String[] args) throws Exception {
        LampblackServer s = LampblackServer.start(ServerSettings.fromArgs(List.of(args)));
        System.out.println(RUNNING + s.url());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "shutdown"));
        Thread.currentThread().join();
    }
}
