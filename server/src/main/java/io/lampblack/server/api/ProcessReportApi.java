package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.server.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The report of a process ({@code GET /api/v1|v2/process/<guid>/<segment>/report}, reference §4.2): a zip streamed as
 * it is written, holding {@code csv/filemods.csv}, {@code csv/regmods.csv}, {@code csv/modloads.csv}, the network
 * connections ({@code csv/netconn.csv} in v1, {@code json/netconn.json} in v2), {@code json/process.json} (the process
 * document with its events) and {@code json/summary.json} (process, parent, children, siblings). Readable by whoever
 * may see the process's sensor group.
 */
public final class ProcessReportApi {

    /** Children and siblings in the summary: Carbon Black's default. */
    static final int SUMMARY_RELATIVES = 15;

    private final ProcessApi processes;
    private final CallerScope scope;

    public ProcessReportApi(ProcessApi processes, CallerScope scope) {
        this.processes = processes;
        this.scope = scope;
    }

    public void register(Router r) {
        Router.Access access = Router.Access.groupRead(scope::groupOfProcess);
        r.route("GET", "/api/v1/process/{guid}/{segment}/report", access, ex -> report(ex, 1));
        r.route("GET", "/api/v2/process/{guid}/{segment}/report", access, ex -> report(ex, 2));
    }

    private void report(Exchange ex, int version) throws IOException {
        ProcessGuid guid = ProcessApi.guid(ex);
        String segmentText = ex.pathParam("segment");
        long segment = ProcessApi.segmentNumber(segmentText);
        // Everything that can fail with a 404 is read before the first byte is sent.
        ObjectNode v1 = processes.eventDocument(guid, segment, 1);
        ObjectNode v4 = version == 2 ? processes.eventDocument(guid, segment, 4) : null;
        JsonNode summary = Json.MAPPER.valueToTree(processes.summaryOf(ex, guid, segmentText, SUMMARY_RELATIVES));
        ex.responseHeader("Content-Disposition", "attachment; filename=\"" + guid + "-" + segment + "-report.zip\"");
        ex.stream(200, "application/zip", out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                csv(
                        zip,
                        "csv/filemods.csv",
                        List.of("type", "timestamp", "path", "md5", "filetype", "tamper"),
                        v1.path("filemod_complete"));
                csv(zip, "csv/regmods.csv", List.of("type", "timestamp", "path", "tamper"), v1.path("regmod_complete"));
                csv(zip, "csv/modloads.csv", List.of("timestamp", "md5", "path"), v1.path("modload_complete"));
                if (version == 1) {
                    csv(
                            zip,
                            "csv/netconn.csv",
                            List.of("timestamp", "ip", "port", "protocol", "domain", "outbound"),
                            v1.path("netconn_complete"));
                } else {
                    json(zip, "json/netconn.json", v4.path("netconn_complete"));
                }
                json(zip, "json/process.json", version == 2 ? v4 : v1);
                json(zip, "json/summary.json", summary);
            }
        });
    }

    /** One CSV file: the header, then each v1 pipe-separated event string as a row. */
    private static void csv(ZipOutputStream zip, String name, List<String> header, JsonNode events) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Writer w = new OutputStreamWriter(unclosable(zip), StandardCharsets.UTF_8);
        w.write(Csv.row(header));
        for (JsonNode e : events) {
            w.write(Csv.row(List.of(e.asText().split("\\|", header.size()))));
        }
        w.flush();
        zip.closeEntry();
    }

    private static void json(ZipOutputStream zip, String name, JsonNode value) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        zip.closeEntry();
    }

    /** The zip stream, for a writer that must not close it with itself. */
    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** RFC 4180 rows: fields with a comma, quote or line break are quoted, quotes doubled; CRLF line ends. */
    static final class Csv {

        private Csv() {}

        static String row(List<String> fields) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) b.append(',');
                String f = fields.get(i);
                if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                    b.append('"').append(f.replace("\"", "\"\"")).append('"');
                } else {
                    b.append(f);
                }
            }
            return b.append("\r\n").toString();
        }
    }
}
