package io.lampblack.server.search.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessSchemaTest {

    private final ProcessSchema schema = ProcessSchema.INSTANCE;

    @Test
    void everyFieldTheRestOutputUsesIsKnown() {
        for (String name : List.of(
                "process_name",
                "path",
                "cmdline",
                "process_md5",
                "process_sha256",
                "process_pid",
                "parent_name",
                "parent_md5",
                "parent_pid",
                "parent_id",
                "process_id",
                "hostname",
                "group",
                "host_type",
                "os_type",
                "username",
                "sensor_id",
                "start",
                "last_update",
                "last_server_update",
                "modload_count",
                "filemod_count",
                "regmod_count",
                "netconn_count",
                "childproc_count",
                "crossproc_count",
                "processblock_count",
                "emet_count",
                "terminated",
                "modload",
                "filemod",
                "regmod",
                "domain",
                "ipaddr",
                "ipv6addr",
                "ipport",
                "childproc_name",
                "childproc_md5",
                "crossproc_name",
                "crossproc_md5",
                "crossproc_type",
                "filewrite_md5",
                "blocked_md5",
                "md5",
                "sha256",
                "tampered",
                "has_emet_event",
                "blocked_status")) {
            assertInstanceOf(FieldSpec.class, schema.resolve(name).orElseThrow(() -> new AssertionError(name)), name);
        }
    }

    @Test
    void kindsAndFlags() {
        FieldSpec processName = schema.field("process_name").orElseThrow();
        assertEquals(FieldKind.KEYWORD, processName.kind());
        assertTrue(processName.defaultField() && processName.sortable() && processName.facetable());
        assertEquals(FieldKind.REGMOD_PATH, schema.field("regmod").orElseThrow().kind());
        assertEquals(
                FieldKind.COUNT, schema.field("netconn_count").orElseThrow().kind());
        assertFalse(schema.field("ipaddr").orElseThrow().defaultField());
        assertTrue(schema.field("md5").orElseThrow().unionOf().contains("filewrite_md5"));
        assertEquals(
                Optional.empty(), schema.field("filewrite_md5").orElseThrow().copyTo());
        assertTrue(schema.defaultFields().stream().allMatch(FieldSpec::defaultField));
        assertTrue(schema.defaultFields().stream().anyMatch(f -> f.name().equals("username")));
    }

    @Test
    void namesAreMatchedCaseInsensitively() {
        assertEquals(
                "process_name", schema.resolve("PROCESS_NAME").orElseThrow().name());
        assertTrue(schema.resolve("c").isEmpty());
        assertTrue(schema.resolve("nosuchfield").isEmpty());
    }

    @Test
    void dynamicPatterns() {
        assertEquals(
                new DynamicField.FeedScore("alliance_score_virustotal", "virustotal"),
                schema.resolve("alliance_score_virustotal").orElseThrow());
        assertEquals(
                new DynamicField.FeedAttribute("alliance_link_nvd", "link", "nvd"),
                schema.resolve("alliance_link_nvd").orElseThrow());
        assertEquals(
                new DynamicField.WatchlistTag("watchlist_42", "42"),
                schema.resolve("watchlist_42").orElseThrow());
        assertTrue(schema.resolve("watchlist_x").isEmpty());
        assertTrue(schema.resolve("alliance_score_").isEmpty());

        DynamicField.BinaryJoin plain = assertInstanceOf(
                DynamicField.BinaryJoin.class, schema.resolve("company_name").orElseThrow());
        assertEquals(JoinTarget.PROCESS, plain.target());
        assertEquals("process_md5", plain.target().md5Field());

        DynamicField.BinaryJoin modload = assertInstanceOf(
                DynamicField.BinaryJoin.class,
                schema.resolve("digsig_result_modload").orElseThrow());
        assertEquals("digsig_result", modload.binaryField().name());
        assertEquals(FieldKind.SIGN, modload.binaryField().kind());
        assertEquals(JoinTarget.MODLOAD, modload.target());

        assertEquals(
                JoinTarget.FILEWRITE,
                ((DynamicField.BinaryJoin)
                                schema.resolve("is_executable_image_filewrite").orElseThrow())
                        .target());
        assertEquals(
                JoinTarget.PARENT,
                ((DynamicField.BinaryJoin)
                                schema.resolve("digsig_result_parent").orElseThrow())
                        .target());
        assertEquals(
                JoinTarget.CHILD,
                ((DynamicField.BinaryJoin) schema.resolve("digsig_result_child").orElseThrow()).target());
        DynamicField.BinaryJoin score = assertInstanceOf(
                DynamicField.BinaryJoin.class,
                schema.resolve("alliance_score_virustotal_modload").orElseThrow());
        assertEquals("alliance_score_virustotal", score.binaryField().name());
        assertTrue(schema.resolve("process_name_modload").isEmpty());
        assertTrue(schema.resolve("_modload").isEmpty());
    }
}
