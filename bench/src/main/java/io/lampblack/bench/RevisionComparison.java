package io.lampblack.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./lampblack bench compare --baseline DIR [--rounds N] [--figures REGEX] BENCH [ARGS...]}: runs the same
 * benchmark on another checkout of the project (the baseline, e.g. a worktree of the commit before a change) and on
 * this one, alternately (baseline, this, baseline, this, …: the VM drifts within minutes, so neither side gets the
 * quiet half), each as its own {@code ./lampblack bench} process. Then, per figure, one line: the baseline's median,
 * this checkout's median, and the median of the per-round ratios with their min–max.
 *
 * <p>A figure is any output line of the form {@code name value} or {@code name{labels} value}; {@code --figures}
 * keeps those whose name (labels included) contains a match of the expression.
 */
final class RevisionComparison {

    private static final Pattern FIGURE = Pattern.compile("^(\\S+) (-?[0-9]+(?:\\.[0-9]+)?)$");

    private RevisionComparison() {}

    static void main(String[] args) throws Exception {
        Path baseline = null;
        int rounds = 3;
        Pattern figures = Pattern.compile(".*");
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i += 2) {
            if (i + 1 >= args.length)
                throw new IllegalArgumentException("bench compare: " + args[i] + " needs a value");
            switch (args[i]) {
                case "--baseline" -> baseline = Path.of(args[i + 1]).toAbsolutePath();
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--figures" -> figures = Pattern.compile(args[i + 1]);
                default -> throw new IllegalArgumentException("bench compare: unknown option " + args[i]);
            }
        }
        if (baseline == null || i >= args.length) {
            throw new IllegalArgumentException(
                    "usage: bench compare --baseline DIR [--rounds N] [--figures REGEX] BENCH [ARGS...]");
        }
        Path subject = Path.of(System.getProperty("lampblack.home", ".")).toAbsolutePath();
        for (Path p : List.of(baseline, subject)) {
            if (!Files.isExecutable(p.resolve("lampblack"))) {
                throw new IllegalArgumentException("bench compare: no ./lampblack in " + p);
            }
        }
        List<String> bench = Arrays.asList(args).subList(i, args.length);
        System.out.printf(
                "bench compare: %s, %d rounds, baseline %s, subject %s, %d cores%n",
                String.join(" ", bench),
                rounds,
                baseline,
                subject,
                Runtime.getRuntime().availableProcessors());
        List<Map<String, Double>> base = new ArrayList<>();
        List<Map<String, Double>> subj = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            base.add(run(baseline, bench, figures, "round " + r + " baseline"));
            subj.add(run(subject, bench, figures, "round " + r + " subject"));
        }
        for (String figure : base.getFirst().keySet()) {
            double[] a = values(base, figure);
            double[] b = values(subj, figure);
            if (a.length != rounds || b.length != rounds) continue; // not printed by every run
            double[] ratios = new double[rounds];
            for (int k = 0; k < rounds; k++) ratios[k] = a[k] == 0 ? Double.NaN : b[k] / a[k];
            System.out.printf(
                    "%s baseline_median %s subject_median %s ratio_median %.3f ratio_min_max %.3f-%.3f%n",
                    figure, number(median(a)), number(median(b)), median(ratios), min(ratios), max(ratios));
        }
    }

    /** Runs one benchmark in a checkout and returns its figures; its whole output goes to a log beside the data. */
    private static Map<String, Double> run(Path home, List<String> bench, Pattern figures, String label)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("lampblack").toString(), "bench"));
        command.addAll(bench);
        Path log = Files.createTempFile("lampblack-bench-compare-", ".log");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .start();
        Map<String, Double> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                Matcher m = FIGURE.matcher(line);
                if (m.matches() && figures.matcher(m.group(1)).find()) {
                    out.put(m.group(1), Double.parseDouble(m.group(2)));
                }
            }
            Files.write(log, lines);
        }
        int exit = p.waitFor();
        System.out.printf(
                "# %s: exit %d, %d figures, %.0f s, output in %s%n",
                label, exit, out.size(), (System.nanoTime() - start) / 1e9, log);
        if (exit != 0) throw new IllegalStateException(label + " failed (exit " + exit + "); see " + log);
        return out;
    }

    private static double[] values(List<Map<String, Double>> runs, String figure) {
        return runs.stream()
                .filter(m -> m.containsKey(figure))
                .mapToDouble(m -> m.get(figure))
                .toArray();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.3f", v);
    }
}
