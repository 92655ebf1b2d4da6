package io.lampblack.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import org.junit.jupiter.api.Test;

class HashesTest {

    @Test
    void rendersRawMd5InBothCases() {
        CbEventMsg start = Corpus.event("protobuf/ingress.event.process/0.protobuf");
        assertEquals(
                "D6021013D7C4E248AEB8BED12D3DCC88",
                Hashes.hexUpper(start.getHeader().getProcessMd5()));
        assertEquals(
                "d6021013d7c4e248aeb8bed12d3dcc88",
                Hashes.hexLower(start.getProcess().getMd5Hash()));
        assertEquals(
                "79227C1E2225DE455F365B607A6D46FB",
                Hashes.hexUpper(start.getProcess().getParentMd5()));
    }

    @Test
    void rendersTruncatedMd5AsIs() {
        assertEquals(
                "840456c7950f0f72",
                Hashes.hexLower(Corpus.event("protobuf/ingress.event.childproc/228.protobuf")
                        .getChildproc()
                        .getMd5Hash()));
        assertEquals(
                "",
                Hashes.hexLower(Corpus.event("protobuf/ingress.event.childproc/167.protobuf")
                        .getChildproc()
                        .getMd5Hash()));
        assertEquals(
                "EDB8DE74E38F1B6E4A9B8B80",
                Hashes.hexUpper(Corpus.event("protobuf/ingress.event.process/29.protobuf")
                        .getProcess()
                        .getParentMd5()));
        assertEquals(
                10,
                Hashes.hexLower(Corpus.event("protobuf/ingress.event.process/138.protobuf")
                                .getProcess()
                                .getParentMd5())
                        .length());
        assertEquals("00ff", Hashes.hexLower(new byte[] {0, -1}));
        assertEquals("00FF", Hashes.hexUpper(new byte[] {0, -1}));
    }

    @Test
    void moduleInfoMd5IsAsciiHex() {
        ByteString md5 = Corpus.event("protobuf/ingress.event.module/0.protobuf")
                .getModule()
                .getMd5();
        assertEquals(32, md5.size());
        assertEquals("EDB8DE74E38F1B6E4A9B8B8000334DF7", Hashes.moduleMd5Upper(md5));
        assertEquals("edb8de74e38f1b6e4a9b8b8000334df7", Hashes.moduleMd5Lower(md5));
        ByteString raw = Hashes.fromHex("EDB8DE74E38F1B6E4A9B8B8000334DF7");
        assertEquals(16, raw.size());
        assertEquals("EDB8DE74E38F1B6E4A9B8B8000334DF7", Hashes.moduleMd5Upper(raw));
    }

    @Test
    void parsesHex() {
        assertEquals(ByteString.copyFrom(new byte[] {0x0a, (byte) 0xbc}), Hashes.fromHex("0aBC"));
        assertEquals(ByteString.EMPTY, Hashes.fromHex(""));
        assertThrows(IllegalArgumentException.class, () -> Hashes.fromHex("abc"));
        assertThrows(IllegalArgumentException.class, () -> Hashes.fromHex("zz"));
    }
}
