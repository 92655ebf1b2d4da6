package io.lampblack.server.ingress;

import static io.lampblack.server.support.HostEvents.end;
import static io.lampblack.server.support.HostEvents.filemod;
import static io.lampblack.server.support.HostEvents.netconn;
import static io.lampblack.server.support.HostEvents.regmod;
import static io.lampblack.server.support.HostEvents.start;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileType;
import io.lampblack.server.ingest.IntakeFilter;
import io.lampblack.server.sensor.CollectionSettings;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The intake step on decoded uploads: what each kind of filter drops, descendants within an upload and in later
 * ones, the groups' collection settings (through a {@link CollectionSettings} of the test's own), and the kept log's
 * bytes and spans, which must be exactly the kept records.
 */
class IngressGateTest {

    private static final String MD5 = "0123456789abcdef0123456789abcdef";
    private static final IngressGate.Placement WINDOWS_GROUP_1 = new IngressGate.Placement(1, 1);

    private final MemoryFilterStore store = new MemoryFilterStore();
    private final IngressFilters filters = new IngressFilters(store, Clock.systemUTC());

    private static DecodedEventLog log(CbEventMsg... events) throws Exception {
        return EventLogReader.decodeStrict(EventLogWriter.frame(List.of(events)), 1 << 24);
    }

    private static IngressFilter.Spec spec(
            List<String> paths, int descendants, boolean all, List<String> netconns, List<String> nonBinary) {
        return new IngressFilter.Spec(
                "n",
                "d",
                0,
                false,
                true,
                false,
                true,
                true,
                IngressFilter.OS_ALL,
                true,
                List.of(),
                List.of(),
                paths,
                List.of(),
                List.of(),
                descendants,
                all,
                List.of(),
                List.of(),
                List.of(),
                nonBinary,
                netconns,
                List.of());
    }

    private IngressGate gate() {
        return filters.gate(CollectionSettings.EVERYTHING, id -> WINDOWS_GROUP_1);
    }

    @Test
    void noFilterAndEverythingCollectedPassesTheSameLog() throws Exception {
        DecodedEventLog log = log(start(10, 0, "c:\\a.exe", "a", MD5));
        assertSame(log, gate().keep(1, log));
    }

    @Test
    void aSensorWhoseGroupCollectsEverythingIsNotAskedAboutKinds() throws Exception {
        CollectionSettings groups = new CollectionSettings() {
            @Override
            public boolean collects(int sensorId, EventKind kind) {
                throw new AssertionError("asked about " + kind + " for sensor " + sensorId);
            }

            @Override
            public boolean collectsEverything(int sensorId) {
                return true;
            }
        };
        DecodedEventLog log = log(start(10, 0, "c:\\a.exe", "a", MD5), netconn(10, "x.example", "10.0.0.1", 80));
        assertSame(
                log,
                filters.gate(groups, id -> {
                            throw new AssertionError("placed without a filter");
                        })
                        .keep(1, log));
    }

    @Test
    void aPickedProcessAndItsChildrenToTheLevelAreDroppedHereAndInLaterUploads() throws Exception {
        IngressFilter f = filters.create(
                Optional.of("noisy"), spec(List.of("*\\noisy.exe"), 1, true, List.of(), List.of()), "admin");
        IngressGate gate = gate();
        CbEventMsg keptStart = start(30, 0, "c:\\windows\\explorer.exe", "explorer", MD5);
        DecodedEventLog first = log(
                start(10, 0, "C:\\Tools\\NOISY.EXE", "noisy --loud", MD5),
                netconn(10, "a.example", "10.0.0.1", 443),
                start(11, 10, "c:\\windows\\cmd.exe", "cmd /c", MD5),
                start(12, 11, "c:\\windows\\ping.exe", "ping", MD5),
                keptStart);
        DecodedEventLog kept = gate.keep(1, first);
        assertEquals(2, kept.size(), "noisy, its netconn and its child dropped; the grandchild and explorer kept");
        assertEquals(12, kept.events().get(0).getHeader().getProcessPid());
        assertEquals(keptStart, kept.events().get(1));
        assertEquals(3, filters.find("noisy").orElseThrow().hitCount());

        DecodedEventLog later = gate.keep(1, log(regmod(10, "hklm\\x"), regmod(11, "hklm\\y"), regmod(12, "hklm\\z")));
        assertEquals(1, later.size(), "the picked processes are remembered across uploads");
        assertEquals(12, later.events().getFirst().getHeader().getProcessPid());

        filters.makeDurable();
        assertEquals(5, filters.find("noisy").orElseThrow().hitCount(), "hits survive being made durable once");
        assertEquals(f.id(), filters.all().getFirst().id());
    }

    @Test
    void dropsAreCountedOnlyOnceTheUploadIsJournaled() throws Exception {
        filters.create(Optional.of("all"), spec(List.of("*"), 0, true, List.of(), List.of()), "admin");
        IngressGate gate = gate();
        DecodedEventLog upload = log(start(70, 0, "c:\\a.exe", "a", MD5), regmod(70, "hklm\\x"));
        IntakeFilter.Kept failed = gate.filter(1, upload); // the journal then fails: onJournaled never runs
        assertEquals(0, failed.log().size());
        assertEquals(0, filters.find("all").orElseThrow().hitCount(), "nothing counted before it is journaled");
        IntakeFilter.Kept retried = gate.filter(1, upload); // the sensor sends it again
        retried.onJournaled().run();
        assertEquals(2, filters.find("all").orElseThrow().hitCount(), "counted once, not for the failed attempt");
        assertEquals(2, gate.droppedByFilters());
    }

    @Test
    void aPickedProcessIsForgottenWhenItEnds() throws Exception {
        filters.create(Optional.of("noisy"), spec(List.of("*\\noisy.exe"), 0, true, List.of(), List.of()), "admin");
        IngressGate gate = gate();
        assertEquals(
                0,
                gate.keep(1, log(start(10, 0, "c:\\noisy.exe", "noisy", MD5))).size());
        assertEquals(0, gate.keep(1, log(regmod(10, "hklm\\x"), end(10))).size(), "its events and its end dropped");
        assertEquals(1, gate.keep(1, log(regmod(10, "hklm\\y"))).size(), "an ended process is no longer remembered");
    }

    @Test
    void eventTypeListsDropOnlyTheirEventsAndTheBytesAreExactlyTheKeptRecords() throws Exception {
        filters.create(
                Optional.empty(),
                spec(List.of(), 0, false, List.of("*.telemetry.example", "10.9.*:8080"), List.of("c:\\temp\\*")),
                "admin");
        CbEventMsg s = start(20, 0, "c:\\a.exe", "a", MD5);
        CbEventMsg other = netconn(20, "www.example", "10.0.0.2", 443);
        CbEventMsg pe = filemod(20, "c:\\temp\\x.exe", CbFileType.filetypePe);
        DecodedEventLog kept = gate().keep(
                        1,
                        log(
                                s,
                                netconn(20, "eu.telemetry.example", "10.0.0.3", 443),
                                other,
                                netconn(20, "", "10.9.1.1", 8080),
                                filemod(20, "c:\\temp\\x.pdf", CbFileType.filetypePdf),
                                pe));
        assertEquals(List.of(s, other, pe), kept.events());
        assertArrayEquals(EventLogWriter.frame(List.of(s, other, pe)), kept.framed());
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(
                    kept.events().get(i).toByteArray(), kept.recordBytes(i).toByteArray());
        }
    }

    @Test
    void hitsThatCouldNotBeStoredAreAddedWithTheNextCommit() throws Exception {
        filters.create(Optional.of("all"), spec(List.of("*"), 0, true, List.of(), List.of()), "admin");
        gate().keep(1, log(start(60, 0, "c:\\a.exe", "a", MD5), regmod(60, "hklm\\x")));
        store.failNextAddHits = true;
        filters.makeDurable();
        assertEquals(0, store.find("all").orElseThrow().hitCount(), "nothing stored yet");
        assertEquals(2, filters.find("all").orElseThrow().hitCount(), "and nothing lost");
        filters.makeDurable();
        assertEquals(2, store.find("all").orElseThrow().hitCount());
        assertEquals(2, filters.find("all").orElseThrow().hitCount(), "not counted twice");
    }

    @Test
    void kindsTheGroupDoesNotCollectAreDroppedWithoutAnyFilter() throws Exception {
        Set<EventKind> notCollected = Set.of(EventKind.NET_CONN);
        CollectionSettings noNetconns = (sensorId, kind) -> sensorId != 7 || !notCollected.contains(kind);
        IngressGate gate = filters.gate(noNetconns, id -> WINDOWS_GROUP_1);
        DecodedEventLog log = log(start(40, 0, "c:\\a.exe", "a", MD5), netconn(40, "x.example", "10.0.0.1", 80));
        assertEquals(1, gate.keep(7, log).size());
        assertEquals(2, gate.keep(8, log).size(), "another sensor's group collects netconns");
        assertEquals(1, gate.droppedByCollection());
    }

    @Test
    void filtersForOtherSensorsGroupsOrSystemsDoNothing() throws Exception {
        IngressFilter.Spec base = spec(List.of("*"), 0, true, List.of(), List.of());
        IngressFilter.Spec linuxGroup5 = new IngressFilter.Spec(
                base.name(),
                base.description(),
                0,
                false,
                true,
                false,
                true,
                false,
                IngressFilter.OS_LINUX,
                false,
                List.of(5),
                List.of(),
                base.pathFilters(),
                List.of(),
                List.of(),
                0,
                true,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
        filters.create(Optional.of("linux5"), linuxGroup5, "admin");
        DecodedEventLog log = log(start(50, 0, "/usr/bin/bash", "bash", MD5));
        assertEquals(
                1,
                filters.gate(CollectionSettings.EVERYTHING, id -> new IngressGate.Placement(5, 1))
                        .keep(1, log)
                        .size());
        assertEquals(
                1,
                filters.gate(CollectionSettings.EVERYTHING, id -> new IngressGate.Placement(6, 4))
                        .keep(1, log)
                        .size());
        assertEquals(
                0,
                filters.gate(CollectionSettings.EVERYTHING, id -> new IngressGate.Placement(5, 4))
                        .keep(1, log)
                        .size());
    }
}
