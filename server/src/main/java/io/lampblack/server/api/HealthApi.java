package io.lampblack.server.api;

import io.lampblack.server.api.wire.HealthDocument;
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
public final class HealthApi {

    /** One part the server needs: its name in the answer, and whether it is ready now. */
    public record Check(String name, BooleanSupplier ready) {}

    static final long FRESH_MILLIS = 1_000;
    static final long DEADLINE_MILLIS = 2_000;

    private record Answer(long at, int status, HealthDocument document) {}

    private final List<Check> checks;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private Answer last;

    public HealthApi(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public void register(Router r) {
        r.route("GET", "/api/health", Router.Access.PUBLIC, ex -> {
            Answer a = current();
            ex.json(a.status, a.document);
        });
    }

    private synchronized Answer current() {
        long now = System.nanoTime();
        if (last != null && now - last.at < TimeUnit.MILLISECONDS.toNanos(FRESH_MILLIS)) return last;
        Map<String, CompletableFuture<Boolean>> asked = new LinkedHashMap<>();
        for (Check c : checks) {
            asked.put(
                    c.name,
                    CompletableFuture.supplyAsync(c.ready::getAsBoolean, probes)
                            .completeOnTimeout(false, DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
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
}
