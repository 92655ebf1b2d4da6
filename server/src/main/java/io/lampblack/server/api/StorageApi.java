package io.lampblack.server.api;

import io.lampblack.server.api.wire.PartitionDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.PartitionRoller;
import io.lampblack.server.search.StoragePartitions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The storage-partition endpoints of Carbon Black 6.1+: the listing every 6.x client reads at start-up, a roll on
 * request, mount, unmount and delete. Mutating calls need the write right and are audited by the router. Clients
 * send the literal body {@code null} with the POSTs and ignore the answer; the body is ignored, and the answer is
 * the partition concerned in the listing's shape.
 */
public final class StorageApi {

    private static final String BASE = "/api/v1/storage/events";

    private final StoragePartitions partitions;
    private final PartitionRoller roller;

    public StorageApi(StoragePartitions partitions, PartitionRoller roller) {
        this.partitions = partitions;
        this.roller = roller;
    }

    public void register(Router r) {
        r.route("GET", BASE + "/partition", Router.Access.READ, this::list);
        r.route("POST", BASE + "/new_partition", Router.Access.GLOBAL_ADMIN, bodyRead(this::roll));
        r.route(
                "POST",
                BASE + "/{name}/mount",
                Router.Access.GLOBAL_ADMIN,
                bodyRead(ex -> one(ex, partitions.mount(name(ex)))));
        r.route(
                "POST",
                BASE + "/{name}/unmount",
                Router.Access.GLOBAL_ADMIN,
                bodyRead(ex -> one(ex, partitions.unmount(name(ex)))));
        r.route("DELETE", BASE + "/{name}", Router.Access.GLOBAL_ADMIN, bodyRead(this::delete));
    }

    /** The body of these calls carries nothing (cbapi sends {@code null}); a few kilobytes at most are read. */
    private static final long MAX_IGNORED_BODY = 64 * 1024;

    /**
     * Reads and drops the request body first: Jetty closes a connection whose request body was left unread, and a
     * client reusing it would see its next request fail. A {@link io.lampblack.server.search.PartitionException}
     * (unknown name: not found; what the hot partition refuses: conflict) is answered like any domain failure.
     */
    private static Router.Action bodyRead(Router.Action action) {
        return ex -> {
            ex.body(MAX_IGNORED_BODY);
            action.handle(ex);
        };
    }

    private void list(Exchange ex) {
        Map<String, PartitionDocument> out = new LinkedHashMap<>();
        for (PartitionInfo p : partitions.list()) out.put(p.name(), PartitionDocument.of(p));
        ex.json(200, out);
    }

    private void roll(Exchange ex) {
        PartitionInfo rolled;
        // Rolled even when empty: the operator asked for a new partition now.
        rolled = roller.roll(true).orElseThrow();
        ex.json(200, PartitionDocument.of(rolled));
    }

    private void delete(Exchange ex) {
        partitions.delete(name(ex));
        ex.json(200, Result.SUCCESS);
    }

    private static void one(Exchange ex, PartitionInfo p) {
        ex.json(200, PartitionDocument.of(p));
    }

    private static String name(Exchange ex) {
        return ex.pathParam("name");
    }
}
