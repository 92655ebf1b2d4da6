package io.lampblack.server.process;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.RecordSpan;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one upload into segments: one per process that has events in it, each carrying the full process metadata.
 * The segment id is the upload's server receipt time (ms), so replaying an upload yields the same ids.
 *
 * <p>Metadata comes from the process-start event when the upload has it; otherwise from the metadata cache, then
 * from the newest indexed segment of the process, and last from what the event headers say (process path and MD5),
 * with `(unknown)` where nothing is known (see docs/compatibility.md).
 */
public final class SegmentAssembler {

    private final ProcessMetadataCache cache;
    private final MetadataLookup lookup;

    public SegmentAssembler(ProcessMetadataCache cache, MetadataLookup lookup) {
        this.cache = cache;
        this.lookup = lookup;
    }

    /** The segments of one upload; events without a process context (binary info, tamper) are not in any. */
    public List<ProcessSegment> assemble(SensorContext sensor, long serverTime, DecodedEventLog log) {
        Map<ProcessGuid, ProcessSegment> segments = new LinkedHashMap<>();
        Map<ProcessGuid, CbEventMsg> starts = new LinkedHashMap<>();
        Map<ProcessGuid, CbHeaderMsg> anyHeader = new LinkedHashMap<>();
        byte[] framed = log.framed();
        List<CbEventMsg> events = log.events();
        List<RecordSpan> spans = log.records();
        for (int i = 0; i < events.size(); i++) {
            CbEventMsg ev = events.get(i);
            CbHeaderMsg h = ev.getHeader();
            if (ev.hasModule() || !h.hasProcessCreateTime() || !h.hasProcessPid()) continue;
            ProcessGuid guid = new ProcessGuid(sensor.sensorId(), h.getProcessPid(), h.getProcessCreateTime());
            ProcessSegment seg = segments.get(guid);
            if (seg == null) {
                seg = new ProcessSegment(guid, serverTime, sensor, serverTime);
                segments.put(guid, seg);
            }
            RecordSpan span = spans.get(i);
            seg.appendEvent(framed, span.frameOffset(), span.length() + 4);
            if (h.hasTimestamp()) seg.eventTime(FileTimes.toEpochMillis(h.getTimestamp()));
            EventTerms.collect(ev, seg);
            if (ev.hasProcess()) {
                if (ev.getProcess().getCreated()) {
                    CbEventMsg prev = starts.get(guid);
                    // A process reported twice (creationobserved false, then true) keeps the richer report.
                    if (prev == null
                            || (!prev.getProcess().getCreationobserved()
                                    && ev.getProcess().getCreationobserved())) {
                        starts.put(guid, ev);
                    }
                } else {
                    seg.terminated = true;
                }
            }
            if (!anyHeader.containsKey(guid) && (h.hasProcessPath() || h.hasProcessMd5())) anyHeader.put(guid, h);
        }
        List<ProcessSegment> out = new ArrayList<>(segments.size());
        for (ProcessSegment seg : segments.values()) {
            CbEventMsg start = starts.get(seg.guid);
            ProcessMetadata meta;
            if (start != null) {
                meta = fromStart(sensor.sensorId(), start);
                cache.put(seg.guidText, meta);
            } else {
                Optional<ProcessMetadata> known = cache.get(seg.guidText);
                if (known.isEmpty()) {
                    known = lookup.latest(seg.guidText);
                    known.ifPresent(m -> cache.put(seg.guidText, m));
                }
                meta = known.orElseGet(() -> {
                    ProcessMetadata partial = fromHeader(seg.guid, anyHeader.get(seg.guid));
                    cache.put(seg.guidText, partial);
                    return partial;
                });
            }
            seg.meta = meta;
            if (!meta.md5().isEmpty()) seg.md5s = ProcessSegment.add(seg.md5s, meta.md5());
            if (!meta.parentMd5().isEmpty()) seg.md5s = ProcessSegment.add(seg.md5s, meta.parentMd5());
            out.add(seg);
        }
        return out;
    }

    static ProcessMetadata fromStart(int sensorId, CbEventMsg ev) {
        CbHeaderMsg h = ev.getHeader();
        CbProcessMsg p = ev.getProcess();
        String path = stringFor(ev, h.getFilepathStringGuid());
        if (path.isEmpty()) path = h.getProcessPath();
        String md5 = h.hasProcessMd5() ? Hashes.hexLower(h.getProcessMd5()) : Hashes.hexLower(p.getMd5Hash());
        String sha256 =
                h.hasProcessSha256() ? Hashes.hexLower(h.getProcessSha256()) : Hashes.hexLower(p.getSha256Hash());
        String parentGuid = p.hasParentPid() || p.hasParentCreateTime()
                ? new ProcessGuid(sensorId, p.getParentPid(), p.getParentCreateTime()).toString()
                : "";
        return new ProcessMetadata(
                ProcessMetadata.fileName(path),
                path,
                p.getCommandline().toStringUtf8(),
                md5,
                sha256,
                h.getProcessPid(),
                FileTimes.toEpochMillis(h.getProcessCreateTime()),
                p.getUsername(),
                p.getUid(),
                parentGuid,
                ProcessMetadata.fileName(p.getParentPath()),
                p.hasParentPid() ? p.getParentPid() : -1,
                Hashes.hexLower(p.getParentMd5()),
                true);
    }

    static ProcessMetadata fromHeader(ProcessGuid guid, CbHeaderMsg h) {
        String path = h == null ? "" : h.getProcessPath();
        String md5 = h == null ? "" : Hashes.hexLower(h.getProcessMd5());
        String name = path.isEmpty() ? ProcessMetadata.UNKNOWN : ProcessMetadata.fileName(path);
        return new ProcessMetadata(
                name,
                path.isEmpty() ? ProcessMetadata.UNKNOWN : path,
                "",
                md5,
                "",
                guid.pid(),
                FileTimes.toEpochMillis(guid.createTime()),
                "",
                "",
                "",
                "",
                -1,
                "",
                false);
    }

    /** The path an event is about (module, file, process image), from its own string dictionary; "" if none. */
    public static String pathOf(CbEventMsg ev) {
        return stringFor(ev, ev.getHeader().getFilepathStringGuid());
    }

    /** The path string an event refers to, from its own string dictionary. */
    static String stringFor(CbEventMsg ev, long stringGuid) {
        for (CbStringMsg s : ev.getStringsList()) {
            if (s.getGuid() == stringGuid) return s.getUtf8String().toStringUtf8();
        }
        return "";
    }
}
