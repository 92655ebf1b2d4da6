package io.lampblack.server.lucene.process;

import io.lampblack.server.lucene.schema.ProcessFieldWriter;
import io.lampblack.server.process.ProcessMetadata;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.search.SegmentJson;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;

/**
 * Builds the Lucene document of one segment. Searchable fields go through the schema's {@link ProcessFieldWriter}
 * (so indexing and query translation agree; the process and parent GUID lookups of the index use those fields too);
 * this class adds what only the index itself needs: the unique id, the stored Carbon Black document and the stored
 * raw events.
 * One instance per indexing thread.
 */
final class SegmentDocumentBuilder {

    static final String UNIQUE_ID = "_uid";
    /** The process GUID and parent GUID as the schema indexes them (lower-case terms; process_id also sorted doc values). */
    static final String GUID = io.lampblack.server.search.schema.ProcessFields.PROCESS_ID;

    static final String PARENT_GUID = io.lampblack.server.search.schema.ProcessFields.PARENT_ID;
    static final String STORED_JSON = "_json";
    static final String STORED_EVENTS = "_events";
    static final Set<String> JSON_ONLY = Set.of(UNIQUE_ID, STORED_JSON);

    private final ProcessFieldWriter fields;

    SegmentDocumentBuilder(io.lampblack.server.lucene.schema.PathVocabulary vocabulary) {
        this.fields = new ProcessFieldWriter(vocabulary);
    }

    Document build(ProcessSegment s) {
        Document doc = new Document();
        ProcessMetadata m = s.meta();
        doc.add(new StringField(UNIQUE_ID, s.uniqueId(), Field.Store.YES));
        doc.add(new StoredField(STORED_JSON, SegmentJson.write(s)));
        doc.add(new StoredField(STORED_EVENTS, s.eventBytes()));
        doc.add(new NumericDocValuesField(ProcessKeys.FIELD, ProcessKeys.of(s.guid)));

        fields.reset(doc);
        fields.guid("process_id", s.guidText);
        fields.longValue("segment_id", s.segmentId);
        fields.keyword("process_name", m.processName());
        fields.path("path", List.of(m.path()));
        fields.cmdline(m.cmdline());
        fields.md5("process_md5", m.md5());
        if (!m.sha256().isEmpty()) fields.keyword("process_sha256", m.sha256());
        fields.longValue("process_pid", m.pid());
        fields.username(m.username());
        fields.keyword("parent_name", m.parentName());
        fields.md5("parent_md5", m.parentMd5());
        fields.longValue("parent_pid", m.parentPid());
        if (!m.parentGuid().isEmpty()) fields.guid("parent_id", m.parentGuid());
        fields.keyword("hostname", s.sensor.hostname());
        fields.keyword("group", s.sensor.groupName());
        fields.keyword("host_type", s.sensor.hostType());
        fields.keyword("os_type", s.sensor.osType());
        fields.longValue("sensor_id", s.sensor.sensorId());
        fields.datetime(
                "start",
                m.startMillis() >= 0
                        ? m.startMillis()
                        : io.lampblack.protocol.FileTimes.toEpochMillis(s.guid.createTime()));
        fields.datetime("last_update", s.lastUpdate());
        fields.datetime("last_server_update", s.serverTime);
        fields.bool("terminated", s.terminated());
        fields.bool("tampered", s.tampered());
        fields.count("modload_count", s.modloadCount());
        fields.count("filemod_count", s.filemodCount());
        fields.count("regmod_count", s.regmodCount());
        fields.count("netconn_count", s.netconnCount());
        fields.count("childproc_count", s.childprocCount());
        fields.count("crossproc_count", s.crossprocCount());
        fields.count("processblock_count", s.processblockCount());
        fields.count("emet_count", s.emetCount());

        fields.path("modload", s.modloadPaths());
        fields.path("filemod", s.filemodPaths());
        fields.regmod(s.regmodPaths());
        fields.domains(s.domains());
        for (int ip : s.ipv4Addresses()) fields.ipv4("ipaddr", ip);
        for (byte[] ip : s.ipv6Addresses()) fields.ipv6("ipv6addr", ip);
        for (int port : s.ports()) fields.integer("ipport", port);
        fields.keywords("childproc_name", s.childprocNames());
        fields.keywords("crossproc_name", s.crossprocNames());
        fields.keywords("crossproc_type", s.crossprocTypes());
        md5s("childproc_md5", s.childprocMd5s());
        md5s("crossproc_md5", s.crossprocMd5s());
        md5s("filewrite_md5", s.filewriteMd5s());
        md5s("modload_md5", s.modloadMd5s());
        md5s("blocked_md5", s.blockedMd5s());
        return doc;
    }

    private void md5s(String field, Set<String> values) {
        for (String v : values) fields.md5(field, v);
    }
}
