package io.lampblack.server.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleInfoMsg;
import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reading CbModuleInfoMsg, checked against what a real Carbon Black server made of the same messages. */
class ModuleInfoTest {

    @Test
    void imageFileHeaderFlagsAgreeWithEveryCapturedBinaryDocument() throws IOException {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found; skipping");
        Map<String, JsonNode> docs = capturedBinaryDocuments(corpus.resolve("json"));
        int compared = 0;
        try (Stream<Path> files = Files.list(corpus.resolve("protobuf/ingress.event.module"))) {
            for (Path file : files.toList()) {
                ModuleInfo info = ModuleInfo.from(
                                CbEventMsg.parseFrom(Files.readAllBytes(file)).getModule())
                        .orElseThrow();
                JsonNode doc = docs.get(info.md5());
                if (doc == null) continue;
                compared++;
                assertEquals(Optional.of(doc.get("is_64bit").asBoolean()), info.is64bit(), info.md5());
                assertEquals(
                        Optional.of(doc.get("is_executable_image").asBoolean()), info.executableImage(), info.md5());
                assertEquals(doc.get("digsig_result").asText(), info.digsigResult());
                assertEquals(doc.get("digsig_result_code").asText(), info.digsigResultCode());
                assertEquals(OptionalLong.of(doc.get("orig_mod_len").asLong()), info.origModLen());
                assertEquals(OptionalLong.of(doc.get("copied_mod_len").asLong()), info.copiedModLen());
                assertEquals(doc.get("observed_filename").get(0).asText(), info.onDiskFilename());
                assertEquals(doc.path("company_name").asText(null), info.text().get("company_name"));
                assertEquals(doc.has("digsig_sign_time"), info.digsigSignTime().isPresent(), info.md5());
                if (info.icon().length > 0) {
                    assertEquals(0x89, info.icon()[0] & 0xFF);
                }
            }
        }
        assertEquals(377, compared, "every binary document of the corpus has its module message");
    }

    private static Map<String, JsonNode> capturedBinaryDocuments(Path json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> docs = new HashMap<>();
        // watchlist.hit.binary holds every binary of the capture in the API document shape (lists, typed values).
        for (String key : List.of("watchlist.hit.binary")) {
            Path dir = json.resolve(key);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    JsonNode root = mapper.readTree(f.toFile());
                    for (JsonNode d : root.has("docs") ? root.get("docs") : List.of(root)) {
                        if (d.has("is_64bit") && d.get("is_64bit").isBoolean())
                            docs.put(d.get("md5").asText(), d);
                    }
                }
            }
        }
        return docs;
    }

    @Test
    void signTimesInTheSensorsLocaleAreReadAsUtc() {
        assertEquals(
                OptionalLong.of(Instant.parse("2015-09-29T14:46:00Z").toEpochMilli()),
                SignTimes.parse("2:46 PM 9/29/2015"));
        assertEquals(
                OptionalLong.of(Instant.parse("2014-11-08T02:54:00Z").toEpochMilli()),
                SignTimes.parse("2:54 AM 11/8/2014"));
        assertEquals(
                OptionalLong.of(Instant.parse("2015-01-01T00:00:00Z").toEpochMilli()),
                SignTimes.parse("2015-01-01T00:00:00Z"));
        assertEquals(
                OptionalLong.of(Instant.parse("2015-01-01T10:20:30Z").toEpochMilli()),
                SignTimes.parse("2015-01-01 10:20:30"));
        assertEquals(OptionalLong.empty(), SignTimes.parse("yesterday"));
        assertEquals(OptionalLong.empty(), SignTimes.parse(""));
    }

    @Test
    void resultCodesAreDecimalAsCarbonBlackShowsThem() {
        assertEquals("0", ModuleInfo.resultCode("0x00000000"));
        assertEquals("2148204800", ModuleInfo.resultCode("0x800b0100"));
        assertEquals("2148204800", ModuleInfo.resultCode("0X800B0100"));
        assertEquals("weird", ModuleInfo.resultCode("weird"));
        assertEquals("", ModuleInfo.resultCode(""));
    }

    @Test
    void iconsAreBase64TextOrRawPngAndAnythingElseIsDropped() {
        byte[] png = Base64.getDecoder().decode(BinaryFixture.ICON_BASE64);
        assertArrayEquals(png, ModuleInfo.png(ByteString.copyFromUtf8(BinaryFixture.ICON_BASE64)));
        assertArrayEquals(png, ModuleInfo.png(ByteString.copyFrom(png)));
        assertArrayEquals(new byte[0], ModuleInfo.png(ByteString.copyFromUtf8("not an icon")));
        assertArrayEquals(new byte[0], ModuleInfo.png(ByteString.copyFromUtf8("aGVsbG8=")));
    }

    @Test
    void headersOfOtherSizesSayNothing() {
        ModuleInfo info = ModuleInfo.from(
                        BinaryEvents.module(BinaryFixture.MX, 8, "x", BinaryEvents.AMD64, BinaryEvents.EXE)
                                .setImageFileHeader(ByteString.copyFrom(new byte[12]))
                                .build())
                .orElseThrow();
        assertEquals(Optional.empty(), info.is64bit());
        assertEquals(Optional.empty(), info.executableImage());
        ImageFileHeader arm = ImageFileHeader.parse(BinaryEvents.imageFileHeader(0xAA64, BinaryEvents.DLL))
                .orElseThrow();
        assertTrue(arm.is64bit());
        assertEquals(false, arm.isExecutableImage());
    }

    @Test
    void md5sThatAreNotThirtyTwoHexDigitsAreNoKey() {
        assertEquals(
                Optional.empty(),
                ModuleInfo.from(CbModuleInfoMsg.newBuilder()
                        .setMd5(ByteString.copyFromUtf8("ABC"))
                        .build()));
        // Raw 16-byte MD5s (not what Windows sensors send) are rendered as hex.
        assertEquals(
                BinaryFixture.MX,
                ModuleInfo.from(CbModuleInfoMsg.newBuilder()
                                .setMd5(BinaryEvents.raw(BinaryFixture.MX))
                                .build())
                        .orElseThrow()
                        .md5());
    }
}
