package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs live-response commands in a JVM of its own, so that a test can run them as an unprivileged user: reads a
 * JSON array of work items from stdin, prints a JSON array of outcomes. Uploads are read and counted, downloads fail.
 */
public final class UnprivilegedCommands {

    private UnprivilegedCommands() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path cwd = Path.of(args[0]);
        Work[] works = json.readValue(System.in, Work[].class);
        ArrayNode out = json.createArrayNode();
        CommandExecutor executor = new CommandExecutor(Integer.parseInt(args[1]));
        for (Work w : works) {
            ObjectNode o = out.addObject();
            long[] uploaded = {-1};
            SessionFiles files = new SessionFiles() {
                @Override
                public void upload(long fileId, Supplier<InputStream> content) throws IOException {
                    // as the JDK's HttpClient does: the body is asked for on a thread of its own, and what that
                    // throws comes back as a plain IOException
                    var sent = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try (InputStream in = content.get()) {
                            return in.transferTo(java.io.OutputStream.nullOutputStream());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    try {
                        uploaded[0] = sent.join();
                    } catch (java.util.concurrent.CompletionException e) {
                        throw new IOException("upload failed", e.getCause());
                    }
                }

                @Override
                public long download(long fileId, java.io.OutputStream target, long maxBytes) throws IOException {
                    throw new IOException("no downloads here");
                }
            };
            try {
                o.put("status", "complete");
                o.set("result", executor.execute(w, cwd, files, new Cancellation()));
            } catch (CommandFailure f) {
                o.put("status", "error");
                o.put("code", f.hresult());
                o.put("desc", f.getMessage());
            }
            o.put("uploaded", uploaded[0]);
        }
        System.out.println(json.writeValueAsString(out));
    }
}
