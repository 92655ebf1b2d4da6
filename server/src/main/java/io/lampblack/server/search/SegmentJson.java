package io.lampblack.server.search;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.SegmentId;
import io.lampblack.server.json.Json;
import io.lampblack.server.process.ProcessMetadata;
import io.lampblack.server.process.ProcessSegment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Carbon Black process document of a segment (reference rest_api.md §5.2), written once at indexing time and
 * stored with the segment, so that search results are served without rebuilding it.
 */
public final class SegmentJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private SegmentJson() {}

    public static byte[] write(ProcessSegment s) {
        ProcessMetadata m = s.meta();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", s.guidText);
            g.writeStringField("unique_id", s.uniqueId());
            g.writeNumberField("segment_id", s.segmentId);
            g.writeStringField("process_name", m.processName());
            g.writeStringField("path", m.path());
            g.writeStringField("cmdline", m.cmdline());
            g.writeStringField("process_md5", m.md5());
            if (!m.sha256().isEmpty()) g.writeStringField("process_sha256", m.sha256());
            g.writeNumberField("process_pid", m.pid());
            g.writeStringField("username", m.username());
            g.writeStringField("uid", m.uid());
            g.writeStringField("parent_name", m.parentName());
            g.writeNumberField("parent_pid", m.parentPid());
            // Carbon Black sends a 30-zero placeholder for an unknown parent MD5; clients ignore the field.
            g.writeStringField(
                    "parent_md5", m.parentMd5().isEmpty() ? "000000000000000000000000000000" : m.parentMd5());
            g.writeStringField("parent_id", m.parentGuid());
            g.writeStringField(
                    "parent_unique_id", m.parentGuid().isEmpty() ? "" : SegmentId.uniqueId(m.parentGuid(), 0));
            g.writeStringField("hostname", s.sensor.hostname());
            g.writeStringField("group", s.sensor.groupName());
            g.writeStringField("host_type", s.sensor.hostType());
            g.writeStringField("os_type", s.sensor.osType());
            g.writeNumberField("sensor_id", s.sensor.sensorId());
            g.writeStringField(
                    "start",
                    FileTimes.isoMillis(
                            m.startMillis() >= 0 ? m.startMillis() : FileTimes.toEpochMillis(s.guid.createTime())));
            g.writeStringField("last_update", FileTimes.isoMillis(s.lastUpdate()));
            g.writeStringField("last_server_update", FileTimes.isoMillis(s.serverTime));
            g.writeStringField("min_last_update", FileTimes.isoMillis(s.firstUpdate()));
            g.writeStringField("max_last_update", FileTimes.isoMillis(s.lastUpdate()));
            g.writeStringField("min_last_server_update", FileTimes.isoMillis(s.serverTime));
            g.writeStringField("max_last_server_update", FileTimes.isoMillis(s.serverTime));
            g.writeBooleanField("terminated", s.terminated());
            if (s.terminated()) g.writeStringField("end", FileTimes.isoMillis(s.lastUpdate()));
            g.writeNumberField("modload_count", s.modloadCount());
            g.writeNumberField("filemod_count", s.filemodCount());
            g.writeNumberField("regmod_count", s.regmodCount());
            g.writeNumberField("netconn_count", s.netconnCount());
            g.writeNumberField("childproc_count", s.childprocCount());
            g.writeNumberField("crossproc_count", s.crossprocCount());
            g.writeNumberField("processblock_count", s.processblockCount());
            g.writeNumberField("emet_count", s.emetCount());
            g.writeNumberField("comms_ip", 0);
            g.writeNumberField("interface_ip", 0);
            g.writeBooleanField("filtering_known_dlls", false);
            g.writeNumberField("current_segment", 0);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static JsonNode parse(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("stored segment document is not JSON", e);
        }
    }

    /** Metadata back out of a stored document: the fallback of the metadata cache. */
    public static ProcessMetadata metadata(JsonNode d) {
        String start = d.path("start").asText("");
        long startMillis = start.isEmpty() ? -1 : java.time.Instant.parse(start).toEpochMilli();
        return new ProcessMetadata(
                d.path("process_name").asText(""),
                d.path("path").asText(""),
                d.path("cmdline").asText(""),
                d.path("process_md5").asText(""),
                d.path("process_sha256").asText(""),
                d.path("process_pid").asInt(-1),
                startMillis,
                d.path("username").asText(""),
                d.path("uid").asText(""),
                d.path("parent_id").asText(""),
                d.path("parent_name").asText(""),
                d.path("parent_pid").asInt(-1),
                d.path("parent_md5").asText("").startsWith("000000000000000000000000000000")
                        ? ""
                        : d.path("parent_md5").asText(""),
                !d.path("process_name").asText("").equals(ProcessMetadata.UNKNOWN));
    }
}
