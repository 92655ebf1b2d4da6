package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The hooks that run before an exchange is answered are all kept: a login's audit entry added on top of the router's
 * must not silently replace it.
 */
class ExchangeHooksTest {

    /** Answers the few calls an answer without a body makes; anything else fails the test. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            return switch (method.getName()) {
                case "getLength" -> 0L;
                case "getHeaders" -> HttpFields.EMPTY;
                case "setStatus", "succeeded" -> null;
                default -> throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            };
        });
    }

    @Test
    void everyHookRunsInTheOrderAddedWithTheStatus() {
        Exchange ex = new Exchange(fake(Request.class), fake(Response.class), fake(Callback.class), Map.of());
        List<String> heard = new ArrayList<>();
        ex.beforeAnswer(status -> heard.add("router's audit " + status));
        ex.beforeAnswer(status -> heard.add("login's audit " + status));
        ex.noContent();
        assertEquals(List.of("router's audit 204", "login's audit 204"), heard);
    }
}
