package io.lampblack.server.lucene.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code partitions.json} in the index root: which partitions exist, which directory holds each, which one is hot,
 * and the state of the others. Writing it is the single step that makes a roll, mount, unmount or delete happen
 * (each is prepared on disk before it, and tidied up after it), so it is replaced atomically: written to a
 * temporary file, forced to disk, renamed over the old one, and the directory forced.
 */
public final class PartitionCatalogue {

    public static final String FILE = "partitions.json";
    private static final int VERSION = 1;

    /** What the file holds: the partitions, and the id the next partition gets (ids are never reused). */
    public record Contents(long nextPartitionId, List<PartitionEntry> entries) {
        public Contents {
            entries = List.copyOf(entries);
        }
    }

    private final Path file;

    public PartitionCatalogue(Path indexRoot) {
        this.file = indexRoot.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    public Optional<Contents> read() {
        if (!Files.exists(file)) return Optional.empty();
        try {
            JsonNode root = Json.MAPPER.readTree(file.toFile());
            if (root.path("version").asInt() != VERSION) {
                throw new IllegalStateException(file + ": unknown catalogue version " + root.path("version"));
            }
            List<PartitionEntry> entries = new ArrayList<>();
            for (JsonNode p : root.path("partitions")) entries.add(entry(p));
            return Optional.of(new Contents(root.path("nextPartitionId").asLong(), entries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the partition catalogue " + file, e);
        }
    }

    public void write(Contents contents) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("nextPartitionId", contents.nextPartitionId());
        ArrayNode list = root.putArray("partitions");
        for (PartitionEntry e : contents.entries()) list.add(node(e));
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot replace " + file + " atomically", e);
            }
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the partition catalogue " + file, e);
        }
    }

    /** Makes a rename or a new file in {@code dir} durable (a no-op where directories cannot be opened). */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Some platforms cannot open a directory; the rename is as durable as they allow.
        }
    }

    private static ObjectNode node(PartitionEntry e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", e.name());
        o.put("dir", e.directory());
        o.put("partitionId", e.partitionId());
        o.put("status", e.status().word());
        o.put("startMillis", e.startMillis());
        if (e.endMillis().isPresent()) o.put("endMillis", e.endMillis().getAsLong());
        else o.putNull("endMillis");
        o.put("userMounted", e.userMounted());
        if (!e.times().isEmpty()) {
            ObjectNode t = o.putObject("times");
            t.put("minServer", e.times().minServerMillis());
            t.put("maxServer", e.times().maxServerMillis());
            t.put("minSensor", e.times().minSensorMillis());
            t.put("maxSensor", e.times().maxSensorMillis());
        }
        ObjectNode c = o.putObject("counts");
        c.put("numDocs", e.counts().numDocs());
        c.put("maxDoc", e.counts().maxDoc());
        c.put("deletedDocs", e.counts().deletedDocs());
        c.put("segmentCount", e.counts().segmentCount());
        return o;
    }

    private static PartitionEntry entry(JsonNode o) {
        JsonNode t = o.path("times");
        DocumentTimes times = t.isObject()
                ? new DocumentTimes(
                        t.path("minServer").asLong(),
                        t.path("maxServer").asLong(),
                        t.path("minSensor").asLong(),
                        t.path("maxSensor").asLong())
                : DocumentTimes.NONE;
        JsonNode c = o.path("counts");
        DocCounts counts = new DocCounts(
                c.path("numDocs").asInt(),
                c.path("maxDoc").asInt(),
                c.path("deletedDocs").asInt(),
                c.path("segmentCount").asInt());
        JsonNode end = o.path("endMillis");
        return new PartitionEntry(
                o.path("name").asText(),
                o.path("dir").asText(),
                o.path("partitionId").asLong(),
                PartitionStatus.ofWord(o.path("status").asText()),
                o.path("startMillis").asLong(),
                end.isNumber() ? OptionalLong.of(end.asLong()) : OptionalLong.empty(),
                times,
                counts,
                o.path("userMounted").asBoolean());
    }
}
