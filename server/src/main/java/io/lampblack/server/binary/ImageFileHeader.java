package io.lampblack.server.binary;

import com.google.protobuf.ByteString;
import java.util.Optional;

/**
 * What {@code is_64bit} and {@code is_executable_image} are derived from: the raw 20-byte PE
 * {@code IMAGE_FILE_HEADER} a module-info event carries (little-endian: Machine, NumberOfSections, TimeDateStamp,
 * PointerToSymbolTable, NumberOfSymbols, SizeOfOptionalHeader, Characteristics).
 *
 * <p>The rules reproduce every one of the 377 binary documents of the captured corpus: {@code is_64bit} is a 64-bit
 * machine type (AMD64 {@code 0x8664}, ARM64 {@code 0xAA64}, IA-64 {@code 0x0200}); {@code is_executable_image} is
 * "an .exe": the {@code IMAGE_FILE_EXECUTABLE_IMAGE} characteristic set and {@code IMAGE_FILE_DLL} not set (DLLs
 * and drivers packaged as DLLs carry both flags and are reported false). A header that is absent or not 20 bytes
 * says nothing, and both fields stay unknown.
 */
public record ImageFileHeader(int machine, int characteristics) {

    public static final int SIZE = 20;
    static final int MACHINE_AMD64 = 0x8664;
    static final int MACHINE_ARM64 = 0xAA64;
    static final int MACHINE_IA64 = 0x0200;
    static final int EXECUTABLE_IMAGE = 0x0002;
    static final int DLL = 0x2000;

    public static Optional<ImageFileHeader> parse(ByteString raw) {
        if (raw.size() != SIZE) {
            return Optional.empty();
        }
        int machine = (raw.byteAt(0) & 0xFF) | (raw.byteAt(1) & 0xFF) << 8;
        int characteristics = (raw.byteAt(18) & 0xFF) | (raw.byteAt(19) & 0xFF) << 8;
        return Optional.of(new ImageFileHeader(machine, characteristics));
    }

    public boolean is64bit() {
        return machine == MACHINE_AMD64 || machine == MACHINE_ARM64 || machine == MACHINE_IA64;
    }

    public boolean isExecutableImage() {
        return (characteristics & EXECUTABLE_IMAGE) != 0 && (characteristics & DLL) == 0;
    }
}
