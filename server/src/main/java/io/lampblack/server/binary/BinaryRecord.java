package io.lampblack.server.binary;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Everything the server knows about one binary, as one binary document holds it (reference §3.6). Built by merging
 * {@link BinaryDelta}s; immutable.
 *
 * @param md5               upper-case hex, the document's key
 * @param sha256            upper-case hex, "" when unknown
 * @param firstSeen         server receipt time of the first observation (epoch ms): {@code server_added_timestamp}
 * @param lastSeen          server receipt time of the latest recorded observation (epoch ms): {@code last_seen}
 * @param text              FileVersionInfo and signature strings by search-field name
 * @param digsigResult      "" when no module info told it
 * @param icon              PNG bytes, empty when none
 * @param endpoints         sensor id → {@code "HOSTNAME|sensor_id"}, every sensor the binary was observed on
 * @param groups            sensor groups it was observed in
 * @param observedFilenames paths it was observed at, as first reported (at most
 *                          {@value BinaryDelta#MAX_OBSERVED_FILENAMES})
 * @param osType            {@code Windows}, {@code Linux} or {@code OSX}; "" when unknown
 */
public record BinaryRecord(
        String md5,
        String sha256,
        long firstSeen,
        long lastSeen,
        SortedMap<String, String> text,
        String digsigResult,
        String digsigResultCode,
        OptionalLong digsigSignTime,
        OptionalLong origModLen,
        OptionalLong copiedModLen,
        Optional<Boolean> is64bit,
        Optional<Boolean> executableImage,
        byte[] icon,
        SortedMap<Integer, String> endpoints,
        List<String> groups,
        List<String> observedFilenames,
        String osType) {

    public BinaryRecord {
        Objects.requireNonNull(md5, "md5");
        text = Collections.unmodifiableSortedMap(new TreeMap<>(text));
        endpoints = Collections.unmodifiableSortedMap(new TreeMap<>(endpoints));
        groups = List.copyOf(groups);
        observedFilenames = List.copyOf(observedFilenames);
        icon = icon.clone();
    }

    /** Equal content, the icon compared byte by byte (a record's default would compare the array's identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryRecord r
                && md5.equals(r.md5)
                && sha256.equals(r.sha256)
                && firstSeen == r.firstSeen
                && lastSeen == r.lastSeen
                && text.equals(r.text)
                && digsigResult.equals(r.digsigResult)
                && digsigResultCode.equals(r.digsigResultCode)
                && digsigSignTime.equals(r.digsigSignTime)
                && origModLen.equals(r.origModLen)
                && copiedModLen.equals(r.copiedModLen)
                && is64bit.equals(r.is64bit)
                && executableImage.equals(r.executableImage)
                && Arrays.equals(icon, r.icon)
                && endpoints.equals(r.endpoints)
                && groups.equals(r.groups)
                && observedFilenames.equals(r.observedFilenames)
                && osType.equals(r.osType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(md5, firstSeen, lastSeen, endpoints, observedFilenames);
    }

    /**
     * The binary as a caller who sees only some sensors may see it: observed on those sensors only, in those groups
     * only (so {@code endpoint}, {@code group} and {@code host_count} describe what they may see).
     */
    public BinaryRecord seenOnly(IntPredicate sensorVisible, Predicate<String> groupVisible) {
        SortedMap<Integer, String> visible = new TreeMap<>();
        endpoints.forEach((id, endpoint) -> {
            if (sensorVisible.test(id)) visible.put(id, endpoint);
        });
        return new BinaryRecord(
                md5,
                sha256,
                firstSeen,
                lastSeen,
                text,
                digsigResult,
                digsigResultCode,
                digsigSignTime,
                origModLen,
                copiedModLen,
                is64bit,
                executableImage,
                icon,
                visible,
                groups.stream().filter(groupVisible).toList(),
                // Paths are not recorded per sensor: they may be those of hidden sightings.
                List.of(),
                osType);
    }

    /** Number of distinct sensors the binary was observed on. */
    public int hostCount() {
        return endpoints.size();
    }

    @Override
    public byte[] icon() {
        return icon.clone();
    }

    public boolean hasIcon() {
        return icon.length > 0;
    }

    /** Whether a module-info event has described the file (otherwise only process activity revealed it). */
    public boolean hasModuleInfo() {
        return !digsigResult.isEmpty() || !text.isEmpty() || origModLen.isPresent();
    }
}
