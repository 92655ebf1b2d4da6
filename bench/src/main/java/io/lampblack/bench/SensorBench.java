package io.lampblack.bench;

import io.lampblack.sensor.telemetry.LinuxTelemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lampblack bench sensor} (issue 14): what the Linux sensor's telemetry costs and what it catches, with the
 * kernel's process connector (netlink, the subject) and with /proc polling every 200 ms (the baseline), in
 * alternating rounds (netlink, polling, netlink, polling, ...). Each round starts a JVM running the telemetry alone.
 *
 * <p>Idle: after a warm-up (the scan of what runs), CPU (% of one core, from the child's utime + stime) and RSS over
 * {@code --idle-seconds} on this machine as it is. Storm: a shell starts a program of its own (a copy of
 * {@code true}) at {@code --storm-rate} per second for {@code --storm-seconds}, in batches every 10 ms; how many were
 * started (the achieved rate is printed), how many the telemetry reported as process starts of the shell's children
 * (captured), how many of those with the program's path (a process that exits before /proc is read is reported
 * without it), missed, and the child's CPU-seconds per 1,000 processes started.
 *
 * <p>Needs root for netlink (otherwise both rounds poll, and the figures say so).
 */
final class SensorBench {

    /**
     * What the sensor's JVM is meant to run with: a small heap and the serial collector (one thread that collects a
     * small heap quickly; no concurrent collector threads on an idle machine).
     */
    static final String DEFAULT_JVM_FLAGS = "-XX:+UseSerialGC -Xms16m -Xmx96m -XX:TieredStopAtLevel=1";

    private SensorBench() {}

    static void main(String[] args) throws Exception {
        int rounds = 3;
        int idleSeconds = 60;
        int stormRate = 2000;
        int stormSeconds = 10;
        String jvmFlags = DEFAULT_JVM_FLAGS;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[i + 1]);
                case "--storm-rate" -> stormRate = Integer.parseInt(args[i + 1]);
                case "--storm-seconds" -> stormSeconds = Integer.parseInt(args[i + 1]);
                case "--jvm-flags" -> jvmFlags = args[i + 1];
                default -> throw new IllegalArgumentException("bench sensor: unknown option " + args[i]);
            }
        }
        if (rounds < 1 || idleSeconds < 1 || stormRate < 100 || stormSeconds < 1) {
            throw new IllegalArgumentException(
                    "bench sensor: --rounds >= 1, --idle-seconds >= 1, --storm-rate >= 100, --storm-seconds >= 1");
        }
        System.out.println("sensor_jvm_flags \"" + jvmFlags + "\"");
        Path work = Files.createTempDirectory("lampblack-sensor-bench");
        Path program = work.resolve("lb-storm-true");
        Files.copy(Path.of("/usr/bin/true"), program);
        program.toFile().setExecutable(true);
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        try {
            for (int r = 1; r <= rounds; r++) {
                for (String mode : List.of(LinuxTelemetry.NETLINK, LinuxTelemetry.PROC_POLLING)) {
                    round(r, mode, program, idleSeconds, stormRate, stormSeconds, jvmFlags, figures);
                }
            }
            figures.forEach((k, v) -> System.out.println(k + " " + ServerChild.spread(v)));
        } finally {
            Files.deleteIfExists(program);
            Files.deleteIfExists(work);
        }
    }

    private static void round(
            int round,
            String mode,
            Path program,
            int idleSeconds,
            int stormRate,
            int stormSeconds,
            String jvmFlags,
            Map<String, List<Double>> figures)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        for (String flag : jvmFlags.trim().split("\\s+")) {
            if (!flag.isEmpty()) command.add(flag);
        }
        command.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), SensorChild.class.getName(), mode, program.toString()));
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
            if (!"ready".equals(out.readLine())) throw new IOException("sensor child did not start");
            Thread.sleep(5_000); // the scan of what runs, and the hashing of its programs, are not idle
            long pid = child.pid();
            long cpu0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            Thread.sleep(idleSeconds * 1000L);
            double idleCore = (cpuTicks(pid) - cpu0) / 100.0 / ((System.nanoTime() - t0) / 1e9) * 100;
            double rssMb = rssKb(pid) / 1024.0;
            String[] before = stats(in, out);
            String source = before[5];
            String label = "{mode=\"" + mode + "\",source=\"" + source + "\"}";
            add(figures, "sensor_idle_cpu_percent_of_core" + label, idleCore);
            add(figures, "sensor_idle_rss_mb" + label, rssMb);

            Process shell = stormShell(program, stormRate, stormSeconds);
            in.println("watch " + shell.pid());
            if (!"watching".equals(out.readLine())) throw new IOException("sensor child did not take the storm");
            long cpu1 = cpuTicks(pid);
            long s0 = System.nanoTime();
            try (PrintWriter go = new PrintWriter(shell.getOutputStream(), true, StandardCharsets.UTF_8)) {
                go.println("go");
            }
            String printed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            shell.waitFor();
            double stormWall = (System.nanoTime() - s0) / 1e9;
            int started = Integer.parseInt(
                    printed.substring(printed.lastIndexOf('\n') + 1).trim());
            // Let the telemetry catch up: until its counts stop moving for two seconds.
            String[] after = stats(in, out);
            for (String last = ""; !String.join(" ", after).equals(last); ) {
                last = String.join(" ", after);
                Thread.sleep(2_000);
                after = stats(in, out);
            }
            double stormCpu = (cpuTicks(pid) - cpu1) / 100.0;
            long captured = Long.parseLong(after[2]);
            long ended = Long.parseLong(after[3]);
            long named = Long.parseLong(after[6]);
            long missedCounted = Long.parseLong(after[4]) - Long.parseLong(before[4]);
            System.out.printf(
                    "sensor_round{round=\"%d\",mode=\"%s\",source=\"%s\"} idle %.2f%% of a core, rss %.0f MB;"
                            + " storm %d started (%.0f/s), %d captured (%d with their path), %d missed, %d ends,"
                            + " %d counted lost,"
                            + " %.2f cpu_s%n",
                    round,
                    mode,
                    source,
                    idleCore,
                    rssMb,
                    started,
                    started / stormWall,
                    captured,
                    named,
                    started - captured,
                    ended,
                    missedCounted,
                    stormCpu);
            add(figures, "sensor_storm_started_per_s" + label, started / stormWall);
            add(figures, "sensor_storm_captured_percent" + label, 100.0 * captured / started);
            add(figures, "sensor_storm_missed" + label, (double) (started - captured));
            add(figures, "sensor_storm_with_path_percent" + label, 100.0 * named / started);
            add(figures, "sensor_storm_cpu_s_per_1000_processes" + label, stormCpu / (started / 1000.0));
            in.close();
            child.waitFor(30, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
    }

    /**
     * A bash that starts {@code program} {@code rate} times a second for {@code seconds} (a batch every 10 ms, paced
     * with bash's own clock and a timed read, so that nothing but the storm is started), once it reads a line.
     * Bash, not Java: a shell forks and execs as most process storms on a machine do, and far faster than a JVM.
     */
    private static Process stormShell(Path program, int rate, int seconds) throws IOException {
        int perBatch = Math.max(1, rate / 100);
        int batches = seconds * 100;
        String script = "read go; exec 9<> <(:); n=0; t0=${EPOCHREALTIME/./}; for ((b=0; b<" + batches
                + "; b++)); do for ((i=0; i<" + perBatch + "; i++)); do '" + program + "' & done; n=$((n+" + perBatch
                + ")); left=$(( t0 + (b+1)*10000 - ${EPOCHREALTIME/./} )); if (( left > 0 )); then"
                + " printf -v d '%d.%06d' $((left/1000000)) $((left%1000000)); read -t $d -u 9; fi; done; wait; echo $n";
        return new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
    }

    private static String[] stats(PrintWriter in, BufferedReader out) throws IOException {
        in.println("stats");
        String line = out.readLine();
        if (line == null || !line.startsWith("stats ")) throw new IOException("sensor child answered " + line);
        return line.split(" ");
    }

    private static void add(Map<String, List<Double>> figures, String key, double value) {
        figures.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** utime + stime of a process, in clock ticks (1/100 s). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }
}
