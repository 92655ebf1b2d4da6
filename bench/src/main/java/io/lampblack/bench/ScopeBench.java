package io.lampblack.bench;

import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.lucene.process.LuceneProcessIndex;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.sensor.Sensor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ./lampblack bench scope}: what filtering a process search to a caller's sensors costs. Loads the synthetic
 * events of {@code bench query} (same options, same {@code --data} reuse), then runs every concrete query of the
 * query mix twice per iteration, alternating which goes first: with no scope (a global administrator: no filter
 * at all) and with the sensors of most groups (every sensor but each {@code --skip-every}-th, 10 by default: 90 %).
 * One line per class: p50 and p99 of both and their ratio, and the share of the hits the scope kept; a scoped total
 * above the unscoped one prints a {@code warning:} line.
 */
public final class ScopeBench {

    private ScopeBench() {}

    static void main(String[] args) throws Exception {
        int skipEvery = 10;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--skip-every") && i + 1 < args.length) skipEvery = Integer.parseInt(args[++i]);
            else rest.add(args[i]);
        }
        run(QueryBench.Options.parse(rest.toArray(String[]::new)), skipEvery, System.out);
    }

    static void run(QueryBench.Options o, int skipEvery, PrintStream out) throws Exception {
        int uploadsPerSensor = (int) Math.max(1, o.events() / ((long) o.sensors() * o.perUpload()));
        boolean temporary = o.data() == null;
        Path data = temporary ? Files.createTempDirectory("lampblack-bench-scope") : o.data();
        try (LampblackServer server = LampblackServer.start(ServerSettings.of(
                Map.of("data", data.toString(), "port", "0", "bus-port", "0", "index-threads", "2")))) {
            QueryBench.loadOnce(server, data, o, uploadsPerSensor);
            LuceneProcessIndex index = (LuceneProcessIndex) server.search().index();
            List<Integer> ids = server.sensors().registry().sensors().stream()
                    .map(Sensor::id)
                    .sorted()
                    .toList();
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) if (i % skipEvery != skipEvery - 1) kept.add(ids.get(i));
            SensorScope most = SensorScope.only(kept);
            out.printf(
                    "bench scope: %d segments, %d sensors, scope of %d sensors, %d cores%n",
                    index.documentCount(),
                    ids.size(),
                    kept.size(),
                    Runtime.getRuntime().availableProcessors());
            ProcessSearch search = server.search().search();
            for (QueryMix.QueryClass c : QueryMix.classes(index.read(QueryMix::bounds))) {
                measure(c, search, most, o, out);
            }
        } finally {
            if (temporary) QueryBench.deleteTree(data);
        }
    }

    private static void measure(
            QueryMix.QueryClass c, ProcessSearch search, SensorScope most, QueryBench.Options o, PrintStream out) {
        List<QueryMix.Probe> probes = c.probes();
        long all = 0;
        long scoped = 0;
        try {
            for (QueryMix.Probe p : probes) {
                long a = search.search(p.params(), SensorScope.EVERY).results().total();
                long s = search.search(p.params(), most).results().total();
                if (s > a)
                    out.printf("warning: class %s query %s: scoped total %d above %d%n", c.name(), p.label(), s, a);
                all += a;
                scoped += s;
            }
        } catch (RuntimeException e) {
            out.printf("scope{class=\"%s\"} n/a (%s)%n", c.name(), e.getMessage());
            return;
        }
        for (int i = 0; i < o.warmup(); i++) {
            QueryMix.Probe p = probes.get(i % probes.size());
            search.search(p.params(), SensorScope.EVERY);
            search.search(p.params(), most);
        }
        long[] none = new long[o.iterations()];
        long[] some = new long[o.iterations()];
        long end = System.nanoTime() + (long) (o.seconds() * 1e9);
        int samples = 0;
        long sink = 0;
        for (int i = 0; i < o.iterations(); i++) {
            if (i >= 10 && System.nanoTime() > end) break;
            QueryMix.Probe p = probes.get(i % probes.size());
            for (int k = 0; k < 2; k++) {
                boolean scopedTurn = (k == 0) == (i % 2 == 0);
                long t0 = System.nanoTime();
                sink += search.search(p.params(), scopedTurn ? most : SensorScope.EVERY)
                        .results()
                        .total();
                (scopedTurn ? some : none)[i] = System.nanoTime() - t0;
            }
            samples++;
        }
        if (sink == Long.MIN_VALUE) out.println();
        double n50 = QueryBench.percentileMs(Arrays.copyOf(none, samples), samples, 50);
        double n99 = QueryBench.percentileMs(Arrays.copyOf(none, samples), samples, 99);
        double s50 = QueryBench.percentileMs(Arrays.copyOf(some, samples), samples, 50);
        double s99 = QueryBench.percentileMs(Arrays.copyOf(some, samples), samples, 99);
        out.printf(
                "scope{class=\"%s\"} unscoped_p50_ms %.2f p99_ms %.2f scoped_p50_ms %.2f p99_ms %.2f ratio_p50 %.2f"
                        + " hits_kept %.3f samples %d%n",
                c.name(), n50, n99, s50, s99, s50 / n50, all == 0 ? 1.0 : scoped / (double) all, samples);
    }
}
