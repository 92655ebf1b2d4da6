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
                    try (InputStream in = content.get()) {
                        uploaded[0] = in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }

                @Override
                public long download(long fileId, Path target) throws IOException {
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
