package io.lampblack.server.api;

import io.lampblack.server.api.wire.HealthDocument;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /api/health}, for load balancers and supervisors: 200 when every part the server needs is ready, 503
 * naming the parts that are not. It answers without a token, so it says nothing but that.
 *
 * <p>Anyone may call it as often as they like, so the parts are asked at most once per {@link #FRESH_MILLIS} (callers
 * in between get the last answer) and each must answer within {@link #DEADLINE_MILLIS} or counts as down: a database
 * that hangs makes the health check say so, not hang with it.
 */
public final class HealthApi implements AutoCloseable {

    /** One part the server needs: its name in the answer, and whether it is ready now. */
    public record Check(String name, BooleanSupplier ready) {}

    static final long FRESH_MILLIS = 1_000;
    static final long DEADLINE_MILLIS = 2_000;

    record Answer(long at, int status, HealthDocument document) {}

    private final List<Check> checks;
    private final long freshMillis;
    private final long deadlineMillis;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * Each check's probe that has not returned yet. A probe past its deadline is not asked again until it returns:
     * the part counts as down meanwhile, so a hung database holds one probe thread, not one more per refresh.
     */
    private final Map<String, CompletableFuture<Boolean>> running = new HashMap<>();

    private Answer last;

    public HealthApi(List<Check> checks) {
        this(checks, FRESH_MILLIS, DEADLINE_MILLIS);
    }

    HealthApi(List<Check> checks, long freshMillis, long deadlineMillis) {
        this.checks = List.copyOf(checks);
        this.freshMillis = freshMillis;
        this.deadlineMillis = deadlineMillis;
    }

    public void register(Router r) {
        r.route("GET", "/api/health", Router.Access.PUBLIC, ex -> {
            Answer a = current();
            ex.json(a.status, a.document);
        });
    }

    synchronized Answer current() {
        long now = System.nanoTime();
        if (last != null && now - last.at < TimeUnit.MILLISECONDS.toNanos(freshMillis)) return last;
        Map<String, CompletableFuture<Boolean>> asked = new LinkedHashMap<>();
        for (Check c : checks) {
            CompletableFuture<Boolean> probe = running.get(c.name);
            if (probe != null && !probe.isDone()) {
                // Still hung from an earlier refresh: down, without another thread stuck beside it.
                asked.put(c.name, CompletableFuture.completedFuture(false));
                continue;
            }
            probe = CompletableFuture.supplyAsync(c.ready::getAsBoolean, probes);
            running.put(c.name, probe);
            asked.put(
                    c.name,
                    probe.copy()
                            .completeOnTimeout(false, deadlineMillis, TimeUnit.MILLISECONDS)
                            // A check that throws is a part that is not ready; what it threw is nobody's business here.
                            .exceptionally(failure -> false));
        }
        Map<String, String> parts = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, CompletableFuture<Boolean>> e : asked.entrySet()) {
            boolean ok = e.getValue().join();
            parts.put(e.getKey(), ok ? "ok" : "down");
            ready &= ok;
        }
        last = new Answer(
                System.nanoTime(), ready ? 200 : 503, new HealthDocument(ready ? "ready" : "unavailable", parts));
        return last;
    }

    /** Stops the probes, interrupting any still running (a hung check is not waited for). */
    @Override
    public void close() {
        probes.shutdownNow();
    }
}
