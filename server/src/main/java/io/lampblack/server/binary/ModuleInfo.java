package io.lampblack.server.binary;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.events.SensorEvents.CbModuleInfoMsg;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metadata a sensor reports about one file in a {@code CbModuleInfoMsg} (reference bus_and_events.md §2.13),
 * read into the terms of the binary document: FileVersionInfo and signature strings under their search-field names,
 * sizes, image flags, signing time and icon.
 *
 * @param md5            upper-case hex
 * @param sha256         upper-case hex, "" when not sent
 * @param text           search-field name → value for the FileVersionInfo and signature strings that were sent
 * @param digsigResult   {@code Signed}, {@code Unsigned}, {@code Expired}... as sent, "" when not sent
 * @param digsigResultCode the result code in decimal, as Carbon Black documents show it ({@code 0x800b0100} →
 *                       {@code 2148204800}); "" when not sent
 * @param icon           PNG bytes, empty when none
 * @param onDiskFilename the file's path on the endpoint, "" when not sent
 */
public record ModuleInfo(
        String md5,
        String sha256,
        SortedMap<String, String> text,
        String digsigResult,
        String digsigResultCode,
        OptionalLong digsigSignTime,
        OptionalLong origModLen,
        OptionalLong copiedModLen,
        Optional<Boolean> is64bit,
        Optional<Boolean> executableImage,
        byte[] icon,
        String onDiskFilename) {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};
    /** What Carbon Black shows for a version string the sensor did not send. */
    public static final String UNKNOWN = "(unknown)";
    /**
     * The version strings Carbon Black fills with {@value #UNKNOWN} when a module message lacks them (seen for
     * file_desc, product_name, internal_name and original_filename in the capture; the other four were always sent
     * there and are assumed to behave alike). Other strings are simply absent.
     */
    static final List<String> ALWAYS_PRESENT = List.of(
            "file_desc",
            "file_version",
            "product_name",
            "product_version",
            "company_name",
            "legal_copyright",
            "internal_name",
            "original_filename");

    public ModuleInfo {
        text = Collections.unmodifiableSortedMap(new TreeMap<>(text));
    }

    /** The module info of an event, or empty when its md5 is not 32 hex digits (it could not be a key). */
    public static Optional<ModuleInfo> from(CbModuleInfoMsg m) {
        String md5 = Hashes.moduleMd5Upper(m.getMd5());
        if (!isMd5(md5)) {
            return Optional.empty();
        }
        SortedMap<String, String> text = new TreeMap<>();
        put(text, "file_desc", m.getUtf8FileDescription());
        put(text, "company_name", m.getUtf8CompanyName());
        put(text, "product_name", m.getUtf8ProductName());
        put(text, "file_version", m.getUtf8FileVersion());
        put(text, "comments", m.getUtf8Comments());
        put(text, "legal_copyright", m.getUtf8LegalCopyright());
        put(text, "legal_trademark", m.getUtf8LegalTrademark());
        put(text, "internal_name", m.getUtf8InternalName());
        put(text, "original_filename", m.getUtf8OriginalFileName());
        put(text, "product_desc", m.getUtf8ProductDescription());
        put(text, "product_version", m.getUtf8ProductVersion());
        put(text, "private_build", m.getUtf8PrivateBuild());
        put(text, "special_build", m.getUtf8SpecialBuild());
        put(text, "digsig_publisher", m.getUtf8DigSigPublisher());
        put(text, "digsig_prog_name", m.getUtf8DigSigProgramName());
        put(text, "digsig_issuer", m.getUtf8DigSigIssuerName());
        put(text, "digsig_subject", m.getUtf8DigSigSubjectName());
        ALWAYS_PRESENT.forEach(field -> text.putIfAbsent(field, UNKNOWN));
        Optional<ImageFileHeader> header = ImageFileHeader.parse(m.getImageFileHeader());
        String sha256 = m.getSha256().isEmpty() ? "" : Hashes.moduleMd5Upper(m.getSha256());
        return Optional.of(new ModuleInfo(
                md5,
                sha256,
                text,
                m.getUtf8DigSigResult().strip(),
                resultCode(m.getUtf8DigSigResultCode()),
                SignTimes.parse(m.getUtf8DigSigSignTime()),
                m.hasOriginalModuleLength() ? OptionalLong.of(m.getOriginalModuleLength()) : OptionalLong.empty(),
                m.hasCopiedModuleLength()
                        ? OptionalLong.of(Integer.toUnsignedLong(m.getCopiedModuleLength()))
                        : OptionalLong.empty(),
                // No PE header at all (a file too small or not PE): not an executable image, not 64-bit, as Carbon
                // Black's documents, which always carry both flags, say for such files. A malformed header says
                // nothing.
                m.getImageFileHeader().isEmpty() ? Optional.of(false) : header.map(ImageFileHeader::is64bit),
                m.getImageFileHeader().isEmpty() ? Optional.of(false) : header.map(ImageFileHeader::isExecutableImage),
                png(m.getIcon()),
                m.getUtf8OnDiskFilename().strip()));
    }

    static boolean isMd5(String hex) {
        if (hex.length() != 32) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Kept as sent (Carbon Black shows a blank description as {@code " "}); only absent or empty strings are left out. */
    private static void put(SortedMap<String, String> text, String field, String value) {
        if (!value.isEmpty()) {
            text.put(field, value);
        }
    }

    /** {@code 0x800b0100} → {@code 2148204800}; a code that is not hex is kept as sent. */
    static String resultCode(String raw) {
        String v = raw.strip();
        String hex = v.toLowerCase(Locale.ROOT).startsWith("0x") ? v.substring(2) : null;
        if (hex == null || hex.isEmpty()) {
            return v;
        }
        try {
            return Long.toString(Long.parseUnsignedLong(hex, 16));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    /**
     * Windows sensors send the icon as base64 text of a PNG; raw PNG bytes are accepted too. Anything that is neither
     * is dropped rather than served as an image.
     */
    static byte[] png(ByteString icon) {
        if (icon.isEmpty()) {
            return new byte[0];
        }
        byte[] bytes = icon.toByteArray();
        if (startsWithPng(bytes)) {
            return bytes;
        }
        try {
            byte[] decoded = Base64.getMimeDecoder().decode(bytes);
            return startsWithPng(decoded) ? decoded : new byte[0];
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static boolean startsWithPng(byte[] bytes) {
        if (bytes.length < PNG_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < PNG_MAGIC.length; i++) {
            if (bytes[i] != PNG_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
