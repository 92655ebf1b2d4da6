package io.lampblack.server.binary;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogException;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleInfoMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleLoadMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

/** Raw sensor events as a Windows sensor sends them, for binary-catalog tests (unit and integration). */
public final class BinaryEvents {

    /** IMAGE_FILE_HEADER machine types and characteristics. */
    public static final int AMD64 = 0x8664;

    public static final int I386 = 0x014c;
    public static final int EXE = 0x0022;
    public static final int DLL = 0x2102;

    private static final long PATH_REF = 77;

    private BinaryEvents() {}

    /** A module-info message for {@code md5} (hex, sent as ASCII text like real sensors do). */
    public static CbModuleInfoMsg.Builder module(
            String md5, long size, String onDiskPath, int machine, int characteristics) {
        return CbModuleInfoMsg.newBuilder()
                .setMd5(ByteString.copyFromUtf8(md5.toUpperCase()))
                .setOriginalModuleLength(size)
                .setCopiedModuleLength((int) size)
                .setUtf8OnDiskFilename(onDiskPath)
                .setImageFileHeader(imageFileHeader(machine, characteristics));
    }

    /** The 20-byte little-endian IMAGE_FILE_HEADER. */
    public static ByteString imageFileHeader(int machine, int characteristics) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) machine)
                .putShort((short) 4)
                .putInt(0x5A000000)
                .putInt(0)
                .putInt(0)
                .putShort((short) (machine == AMD64 ? 240 : 224))
                .putShort((short) characteristics);
        return ByteString.copyFrom(b.array());
    }

    /** Module events carry only a version and a timestamp in their header. */
    public static CbEventMsg moduleEvent(CbModuleInfoMsg.Builder module, long millis) {
        return CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(FileTimes.fromEpochMillis(millis)))
                .setModule(module)
                .build();
    }

    private static CbHeaderMsg.Builder header(int pid, long createMillis, long millis) {
        return CbHeaderMsg.newBuilder()
                .setVersion(4)
                .setProcessPid(pid)
                .setProcessCreateTime(FileTimes.fromEpochMillis(createMillis))
                .setTimestamp(FileTimes.fromEpochMillis(millis));
    }

    private static CbStringMsg path(String p) {
        return CbStringMsg.newBuilder()
                .setGuid(PATH_REF)
                .setUtf8String(ByteString.copyFromUtf8(p))
                .build();
    }

    public static ByteString raw(String md5Hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(md5Hex));
    }

    /** A process start: its image path and MD5 are what the catalog learns from it. */
    public static CbEventMsg processStart(int pid, long createMillis, String imagePath, String md5Hex, String cmdline) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, createMillis, createMillis)
                        .setFilepathStringGuid(PATH_REF)
                        .setProcessMd5(raw(md5Hex))
                        .setProcessPath(imagePath))
                .addStrings(path(imagePath))
                .setProcess(CbProcessMsg.newBuilder()
                        .setPid(pid)
                        .setCreated(true)
                        .setMd5Hash(raw(md5Hex))
                        .setCommandline(ByteString.copyFromUtf8(cmdline))
                        .setUsername("SYSTEM")
                        .setParentPid(4)
                        .setParentCreateTime(FileTimes.fromEpochMillis(createMillis - 60_000))
                        .setParentPath("c:\\windows\\system32\\services.exe")
                        .setCreationobserved(true))
                .build();
    }

    public static CbEventMsg modload(int pid, long createMillis, long millis, String modulePath, String md5Hex) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, createMillis, millis).setFilepathStringGuid(PATH_REF))
                .addStrings(path(modulePath))
                .setModload(CbModuleLoadMsg.newBuilder().setMd5Hash(raw(md5Hex)))
                .build();
    }

    /** filemod op 8 (last write) with the MD5 of the file after the write. */
    public static CbEventMsg lastWrite(int pid, long createMillis, long millis, String filePath, String md5Hex) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, createMillis, millis).setFilepathStringGuid(PATH_REF))
                .addStrings(path(filePath))
                .setFilemod(CbFileModMsg.newBuilder()
                        .setAction(CbFileModMsg.CbFileModAction.actionFileModLastWrite)
                        .setMd5Hash(raw(md5Hex))
                        .setType(CbFileModMsg.CbFileType.filetypePe))
                .build();
    }

    /** The upload bytes of {@code events}, as a sensor sends them. */
    public static byte[] upload(List<CbEventMsg> events) {
        return EventLogWriter.frame(events);
    }

    /** The decoded upload, as the pipeline hands it on. */
    public static DecodedEventLog decoded(List<CbEventMsg> events) {
        try {
            return EventLogReader.decodeStrict(upload(events), Integer.MAX_VALUE - 16);
        } catch (EventLogException e) {
            throw new IllegalStateException(e);
        }
    }
}
