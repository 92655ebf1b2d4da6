package io.lampblack.sensor.simulate;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbChildProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbCrossProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbCrossProcessOpenMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleInfoMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleLoadMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbRegModMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;
import io.lampblack.protocol.events.SensorEvents.ProtocolType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic Windows-like host whose event mix follows the captured corpus (per 100 events about 38 filemods,
 * 32 modloads, 13.5 regmods, 4.5 cross-process, 3 childprocs, 2 process starts, 1 end, 1.3 netconns, 5 binary-info
 * messages). Paths, keys and domains repeat the way real hosts repeat them: most from fixed pools, some fresh.
 * Deterministic for a given seed, so a benchmark can generate the same data twice.
 */
public final class SyntheticHost implements SimulatedProcesses {

    private static final String[] IMAGES = {
        "svchost.exe",
        "explorer.exe",
        "chrome.exe",
        "outlook.exe",
        "winword.exe",
        "excel.exe",
        "powershell.exe",
        "cmd.exe",
        "conhost.exe",
        "taskhostw.exe",
        "searchindexer.exe",
        "searchprotocolhost.exe",
        "msedge.exe",
        "teams.exe",
        "onedrive.exe",
        "lsass.exe",
        "services.exe",
        "wmiprvse.exe",
        "rundll32.exe",
        "dllhost.exe",
        "notepad.exe",
        "java.exe",
        "python.exe",
        "sqlservr.exe"
    };
    private static final String[] DIRS = {
        "c:\\windows\\system32\\",
        "c:\\windows\\syswow64\\",
        "c:\\program files\\microsoft office\\root\\office16\\",
        "c:\\program files (x86)\\google\\chrome\\application\\",
        "c:\\program files\\java\\jre1.8.0_202\\bin\\",
        "c:\\windows\\",
        "c:\\users\\alice\\appdata\\local\\microsoft\\teams\\current\\"
    };
    static final String[] DLLS = new String[220];
    private static final String[] DOMAINS = new String[120];
    private static final String[] REG_ROOTS = {
        "\\registry\\machine\\software\\microsoft\\windows\\currentversion\\",
        "\\registry\\user\\s-1-5-21-1004336348-1177238915-682003330-1001\\software\\microsoft\\office\\16.0\\",
        "\\registry\\machine\\system\\controlset001\\services\\",
        "\\registry\\machine\\software\\classes\\clsid\\",
        "\\registry\\user\\s-1-5-21-1004336348-1177238915-682003330-1001\\software\\microsoft\\windows\\currentversion\\explorer\\"
    };
    private static final String[] FILE_DIRS = {
        "c:\\users\\alice\\appdata\\local\\temp\\",
        "c:\\windows\\temp\\",
        "c:\\users\\alice\\documents\\",
        "c:\\programdata\\microsoft\\windows defender\\scans\\",
        "c:\\users\\alice\\appdata\\local\\google\\chrome\\user data\\default\\cache\\",
        "c:\\windows\\prefetch\\",
        "c:\\users\\alice\\appdata\\roaming\\microsoft\\windows\\recent\\"
    };

    static {
        String[] stems = {
            "kernel",
            "ntdll",
            "user",
            "gdi",
            "advapi",
            "shell",
            "ole",
            "combase",
            "rpcrt",
            "ws2_",
            "crypt",
            "bcrypt",
            "msvcp",
            "vcruntime",
            "ucrtbase",
            "sechost",
            "win",
            "dwm",
            "d3d",
            "dxgi",
            "msctf"
        };
        for (int i = 0; i < DLLS.length; i++) DLLS[i] = stems[i % stems.length] + (i / stems.length) + ".dll";
        String[] tlds = {".com", ".net", ".org", ".io", ".co.uk", ".com.au"};
        String[] words = {"update", "cdn", "login", "api", "telemetry", "static", "mail", "files", "edge", "sync"};
        for (int i = 0; i < DOMAINS.length; i++) {
            DOMAINS[i] = words[i % words.length] + "." + "site" + (i / 6) + tlds[i % tlds.length];
        }
    }

    /**
     * What the generated data is for. {@link #INGEST} is the ingest benchmark's mix, unchanged so that its figures
     * stay comparable across versions. {@link #QUERY} keeps about the same event mix but makes queries meaningful:
     * a skewed process-name distribution with each image in its usual folder, command lines with switches and file
     * names, network connections to named sites in a few address blocks, module-info messages for every binary
     * before its first use (with some unsigned), resident processes that span hundreds of uploads and short-lived
     * ones that span a few, and about ten events per segment.
     */
    public enum Profile {
        INGEST,
        QUERY
    }

    private record Proc(
            int pid,
            long createTime,
            long legacyGuid,
            String path,
            byte[] md5,
            String cmdline,
            int parentPid,
            long parentCreate,
            String parentPath,
            String username,
            SyntheticCatalog.Image image,
            boolean resident) {}

    /**
     * A process running on the host as a live-response process list shows it; its pid and create time are those of
     * its events, so its process GUID is the one the server derives from them.
     */
    public record RunningProcess(
            int pid,
            long createTime,
            String path,
            String commandLine,
            int parentPid,
            long parentCreateTime,
            String username) {}

    private final SplittableRandom rnd;
    private final Profile profile;
    private final List<Proc> running = new ArrayList<>();
    /** Starts and ends that live response caused (create process, kill), sent first in the next upload. */
    private final List<CbEventMsg> pendingEvents = new ArrayList<>();
    /** Paths whose module-info message this host has sent (query profile): a sensor describes a binary once. */
    private final java.util.Set<String> reported = new java.util.HashSet<>();

    private long clock = FileTimes.fromEpochMillis(1_700_000_000_000L);
    private long stringGuid = 1;
    private int nextPid = 1000;

    public SyntheticHost(long seed) {
        this(seed, Profile.INGEST);
    }

    public SyntheticHost(long seed, Profile profile) {
        this.rnd = new SplittableRandom(seed);
        this.profile = profile;
        if (profile == Profile.INGEST) {
            for (int i = 0; i < 24; i++) running.add(spawn(null));
        } else {
            for (SyntheticCatalog.Image im : SyntheticCatalog.IMAGES) {
                for (int i = 0; i < im.residents(); i++) running.add(spawnQuery(null, im, true));
            }
            while (running.size() < QUERY_MIN_RUNNING) running.add(spawnQuery(null, pickImage(), false));
        }
    }

    /**
     * The next upload of this host: {@code events} events in event-log framing, with process starts first. Starts
     * and ends that live response caused come first and count towards {@code events}.
     */
    public synchronized byte[] nextUpload(int events) {
        if (pendingEvents.isEmpty())
            return profile == Profile.INGEST ? nextIngestUpload(events) : nextQueryUpload(events);
        int caused = Math.min(events, pendingEvents.size());
        List<CbEventMsg> out = new ArrayList<>(pendingEvents.subList(0, caused));
        pendingEvents.subList(0, caused).clear();
        if (caused < events) {
            byte[] rest =
                    profile == Profile.INGEST ? nextIngestUpload(events - caused) : nextQueryUpload(events - caused);
            return concat(EventLogWriter.frame(out), rest);
        }
        return EventLogWriter.frame(out);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The processes running now, oldest first. */
    @Override
    public synchronized List<RunningProcess> processes() {
        return running.stream()
                .map(p -> new RunningProcess(
                        p.pid, p.createTime, p.path, p.cmdline, p.parentPid, p.parentCreate, p.username))
                .toList();
    }

    /** Fewest processes a kill leaves running. */
    static final int MIN_RUNNING = 12;

    /**
     * Ends a running process (live response's {@code kill}); its end event goes out with the next upload.
     *
     * @return false when no process has that pid
     * @throws IllegalStateException when only {@value #MIN_RUNNING} processes run: the generator picks parents and
     *     activity among the running ones and needs some left (live response answers it as a failed command)
     */
    @Override
    public synchronized boolean kill(int pid) {
        if (running.size() <= MIN_RUNNING)
            throw new IllegalStateException("the simulated host keeps its last " + MIN_RUNNING + " processes");
        for (Proc p : running) {
            if (p.pid == pid) {
                running.remove(p);
                pendingEvents.add(processEnd(p));
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a process (live response's {@code create process}) as a child of the oldest running one; its start
     * goes out with the next upload, and its end too when {@code exits}.
     */
    @Override
    public synchronized RunningProcess start(String path, String commandLine, String username, boolean exits) {
        Proc parent = running.getFirst();
        clock += 10_000L;
        int pid = nextPid += 4;
        Proc p = new Proc(
                pid,
                clock,
                rnd.nextLong(),
                path,
                md5(path),
                commandLine,
                parent.pid,
                parent.createTime,
                parent.path,
                username,
                null,
                false);
        pendingEvents.add(processStart(p));
        pendingEvents.add(childproc(parent, p));
        if (exits) pendingEvents.add(processEnd(p));
        else running.add(p);
        return new RunningProcess(p.pid, p.createTime, p.path, p.cmdline, p.parentPid, p.parentCreate, p.username);
    }

    private byte[] nextIngestUpload(int events) {
        List<CbEventMsg> out = new ArrayList<>(events);
        // Each upload concentrates on a handful of processes, which is what makes segments of ~20 events.
        int active = Math.max(1, events / 20);
        List<Proc> chosen = new ArrayList<>(active);
        for (int i = 0; i < active; i++) chosen.add(running.get(rnd.nextInt(running.size())));
        for (int i = 0; i < events; i++) {
            clock += 10_000L * (1 + rnd.nextInt(200));
            int roll = rnd.nextInt(1000);
            Proc p = chosen.get(rnd.nextInt(chosen.size()));
            if (roll < 20) {
                Proc child = spawn(p);
                running.add(child);
                chosen.add(child);
                out.add(processStart(child));
                out.add(childproc(p, child));
            } else if (roll < 30 && running.size() > 12) {
                Proc dead = running.remove(rnd.nextInt(running.size()));
                out.add(processEnd(dead));
                chosen.remove(dead);
                if (chosen.isEmpty()) chosen.add(running.get(0));
            } else if (roll < 410) {
                out.add(filemod(p));
            } else if (roll < 730) {
                out.add(modload(p));
            } else if (roll < 865) {
                out.add(regmod(p));
            } else if (roll < 910) {
                out.add(crossproc(p));
            } else if (roll < 937) {
                out.add(netconn(p));
            } else if (roll < 950) {
                out.add(childproc(p, spawnShadow(p)));
            } else {
                out.add(moduleInfo());
            }
            if (out.size() >= events) break;
        }
        return EventLogWriter.frame(out.size() > events ? out.subList(0, events) : out);
    }

    private Proc spawn(Proc parent) {
        String image = IMAGES[rnd.nextInt(IMAGES.length)];
        String path = DIRS[rnd.nextInt(DIRS.length)] + image;
        long create = clock - 10_000L * rnd.nextInt(1_000_000);
        int pid = nextPid += 4;
        String cmd = "\"" + path + "\" "
                + (rnd.nextBoolean() ? "/c start" : "--type=renderer --field-trial-handle=" + rnd.nextInt(10_000));
        return new Proc(
                pid,
                create,
                rnd.nextLong(),
                path,
                md5(path),
                cmd,
                parent == null ? 4 : parent.pid,
                parent == null ? create - 1000 : parent.createTime,
                parent == null ? "c:\\windows\\system32\\services.exe" : parent.path,
                "WORKSTATION\\alice",
                null,
                false);
    }

    // ---------------------------------------------------------------- query profile

    /** Events per distinct process of an upload: with the upload's own spawns, about ten events per segment. */
    private static final int QUERY_EVENTS_PER_ACTIVE = 12;
    /** Processes end only while more than this many run, which keeps a host's process count about level. */
    static final int QUERY_MIN_RUNNING = 110;

    private byte[] nextQueryUpload(int events) {
        List<CbEventMsg> out = new ArrayList<>(events);
        List<Proc> chosen = chooseDistinct(Math.max(1, events / QUERY_EVENTS_PER_ACTIVE));
        // Processes running since the host started have no start event in any upload; describe their binaries once.
        for (Proc p : chosen) if (out.size() + 1 < events) reportIfNew(p.path, out);
        while (out.size() < events) {
            clock += 10_000L * (1 + rnd.nextInt(200));
            int roll = rnd.nextInt(1000);
            Proc p = chosen.get(rnd.nextInt(chosen.size()));
            int room = events - out.size();
            if (roll < 20 && room >= 3) {
                Proc child = spawnQuery(p, pickImage(), false);
                running.add(child);
                chosen.add(child);
                reportIfNew(child.path, out);
                out.add(processStart(child));
                out.add(childproc(p, child));
            } else if (roll < 50 && running.size() > QUERY_MIN_RUNNING && !p.resident && chosen.size() > 1) {
                running.remove(p);
                chosen.remove(p);
                out.add(processEnd(p));
            } else if (roll < 410) {
                out.add(filemod(p));
            } else if (roll < 730) {
                modloadQuery(p, out, room);
            } else if (roll < 865) {
                out.add(regmod(p));
            } else if (roll < 910) {
                out.add(crossproc(p));
            } else if (roll < 937) {
                out.add(netconnQuery(p));
            } else if (roll < 950 && room >= 2) {
                Proc shadow = spawnQuery(p, pickImage(), false);
                nextPid -= 4;
                reportIfNew(shadow.path, out);
                out.add(childproc(p, shadow));
            } else {
                out.add(moduleInfo(randomModulePath()));
            }
        }
        return EventLogWriter.frame(out);
    }

    /** {@code n} different running processes (all of them when fewer run). */
    private List<Proc> chooseDistinct(int n) {
        List<Proc> pool = new ArrayList<>(running);
        int k = Math.min(n, pool.size());
        for (int i = 0; i < k; i++) java.util.Collections.swap(pool, i, i + rnd.nextInt(pool.size() - i));
        return new ArrayList<>(pool.subList(0, k));
    }

    private SyntheticCatalog.Image pickImage() {
        int r = rnd.nextInt(SyntheticCatalog.IMAGE_WEIGHT);
        for (SyntheticCatalog.Image im : SyntheticCatalog.IMAGES) {
            r -= im.weight();
            if (r < 0) return im;
        }
        throw new IllegalStateException();
    }

    private Proc spawnQuery(Proc parent, SyntheticCatalog.Image im, boolean resident) {
        // One start in fifty runs a copy from the temp folder: the masquerading binaries a hunter looks for.
        boolean dropped = !resident && rnd.nextInt(50) == 0;
        String path = (dropped ? SyntheticCatalog.TEMP : im.dir()) + im.name();
        long create = clock - 10_000L * rnd.nextInt(1_000_000);
        int pid = nextPid += 4;
        String tail = im.args()[rnd.nextInt(im.args().length)].replace("#", Integer.toString(rnd.nextInt(100)));
        String cmd = (im.name().equals("svchost.exe") ? path : "\"" + path + "\"") + (tail.isEmpty() ? "" : " " + tail);
        String user = resident || (im.dir().startsWith(SyntheticCatalog.SYSTEM32) && rnd.nextBoolean())
                ? "NT AUTHORITY\\SYSTEM"
                : "WORKSTATION\\alice";
        return new Proc(
                pid,
                create,
                rnd.nextLong(),
                path,
                md5(path),
                cmd,
                parent == null ? 4 : parent.pid,
                parent == null ? create - 1000 : parent.createTime,
                parent == null ? SyntheticCatalog.SYSTEM32 + "services.exe" : parent.path,
                user,
                im,
                resident);
    }

    private String randomModulePath() {
        String dir = rnd.nextInt(4) != 0
                ? SyntheticCatalog.SYSTEM32
                : SyntheticCatalog.MODULE_DIRS[1 + rnd.nextInt(SyntheticCatalog.MODULE_DIRS.length - 1)];
        return dir + DLLS[Math.min(DLLS.length - 1, (int) Math.abs(rnd.nextGaussian() * 60))];
    }

    private void modloadQuery(Proc p, List<CbEventMsg> out, int room) {
        String path = randomModulePath();
        if (room < 2 && !reported.contains(path)) {
            // No room left for the module-info message that must come first.
            out.add(filemod(p));
            return;
        }
        reportIfNew(path, out);
        CbModuleLoadMsg m = CbModuleLoadMsg.newBuilder()
                .setGuid(rnd.nextLong())
                .setHandlepathStringGuid(stringGuid)
                .setMd5Hash(ByteString.copyFrom(md5(path)))
                .build();
        out.add(withPath(header(p), path, CbEventMsg.newBuilder().setModload(m)));
    }

    private CbEventMsg netconnQuery(Proc p) {
        String[] preferred = p.image.sites();
        SyntheticCatalog.Site site;
        if (preferred.length > 0 && rnd.nextInt(10) < 7) {
            site = SyntheticCatalog.site(preferred[rnd.nextInt(preferred.length)]);
        } else {
            int r = rnd.nextInt(SyntheticCatalog.SITE_WEIGHT);
            int i = 0;
            while ((r -= SyntheticCatalog.SITES[i].weight()) >= 0) i++;
            site = SyntheticCatalog.SITES[i];
        }
        int ip = NetOrder.ipv4FromInt(site.firstAddress() + rnd.nextInt(site.addresses()));
        int port = NetOrder.rawPort(site.domain().endsWith(".local") ? 445 : rnd.nextInt(4) == 0 ? 80 : 443);
        CbNetConnMsg n = CbNetConnMsg.newBuilder()
                .setIpv4Address(ip)
                .setPort(port)
                .setProtocol(ProtocolType.ProtoTcp)
                .setUtf8Netpath(ByteString.copyFromUtf8(site.domain()))
                .setOutbound(true)
                .setProxyConnection(false)
                .setRemoteIpAddress(ip)
                .setRemotePort(port)
                .setLocalIpAddress(NetOrder.ipv4FromInt(0xAC1F1E00 | rnd.nextInt(256)))
                .setLocalPort(NetOrder.rawPort(49152 + rnd.nextInt(16000)))
                .build();
        return CbEventMsg.newBuilder().setHeader(header(p)).setNetwork(n).build();
    }

    private void reportIfNew(String path, List<CbEventMsg> out) {
        if (reported.add(path)) out.add(moduleInfo(path));
    }

    /** The module-info message of a binary, as {@link SyntheticCatalog#binary} describes it. */
    private CbEventMsg moduleInfo(String path) {
        SyntheticCatalog.Binary b = SyntheticCatalog.binary(path);
        long size = 40_000 + Math.floorMod(path.hashCode(), 3_000_000);
        CbModuleInfoMsg.Builder m = CbModuleInfoMsg.newBuilder()
                .setMd5(ByteString.copyFromUtf8(b.md5()))
                .setCopiedModuleLength((int) size)
                .setOriginalModuleLength(size)
                .setUtf8FileVersion("10.0.19041.1")
                .setUtf8ProductVersion("10.0.19041.1")
                .setUtf8DigSigResult(b.digsigResult())
                .setUtf8DigSigResultCode(
                        switch (b.digsigResult()) {
                            case "Unsigned" -> "0x800B0100";
                            case "Expired" -> "0x800B0101";
                            default -> "0x00000000";
                        })
                .setImageFileHeader(ByteString.copyFrom(new byte[20]))
                .setUtf8OnDiskFilename(path);
        if (!b.company().isEmpty()) {
            m.setUtf8CompanyName(b.company()).setUtf8LegalCopyright("(c) " + b.company());
            if (!b.digsigResult().equals("Unsigned")) m.setUtf8DigSigPublisher(b.company());
        }
        return CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(clock))
                .setModule(m)
                .build();
    }

    private Proc spawnShadow(Proc parent) {
        Proc p = spawn(parent);
        nextPid -= 4;
        return p;
    }

    static byte[] md5(String s) {
        byte[] b = new byte[16];
        long h = s.hashCode() * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) (h >>> ((i % 8) * 8));
            if (i == 7) h = Long.rotateLeft(h * 31 + 17, 13);
        }
        return b;
    }

    private CbHeaderMsg.Builder header(Proc p) {
        return CbHeaderMsg.newBuilder()
                .setVersion(4)
                .setTimestamp(clock)
                .setProcessGuid(p.legacyGuid)
                .setProcessCreateTime(p.createTime)
                .setProcessPid(p.pid)
                .setProcessMd5(ByteString.copyFrom(p.md5))
                .setProcessPath(p.path);
    }

    private CbEventMsg withPath(CbHeaderMsg.Builder h, String path, CbEventMsg.Builder b) {
        long g = stringGuid++;
        h.setFilepathStringGuid(g);
        return b.setHeader(h)
                .addStrings(CbStringMsg.newBuilder().setGuid(g).setUtf8String(ByteString.copyFromUtf8(path)))
                .build();
    }

    private CbEventMsg processStart(Proc p) {
        CbProcessMsg.Builder m = CbProcessMsg.newBuilder()
                .setPid(p.pid)
                .setCreated(true)
                .setParentPid(p.parentPid)
                .setParentCreateTime(p.parentCreate)
                .setMd5Hash(ByteString.copyFrom(p.md5))
                .setCommandline(ByteString.copyFromUtf8(p.cmdline))
                .setParentPath(p.parentPath)
                .setParentMd5(ByteString.copyFrom(md5(p.parentPath)))
                .setCreationobserved(true)
                .setUid("S-1-5-21-1001")
                .setUsername(p.username);
        CbHeaderMsg.Builder h = header(p).setProcessFilepathStringGuid(stringGuid);
        return withPath(h, p.path, CbEventMsg.newBuilder().setProcess(m));
    }

    private CbEventMsg processEnd(Proc p) {
        return withPath(
                header(p),
                p.path,
                CbEventMsg.newBuilder()
                        .setProcess(CbProcessMsg.newBuilder().setPid(p.pid).setCreated(false)));
    }

    private CbEventMsg childproc(Proc parent, Proc child) {
        CbChildProcessMsg c = CbChildProcessMsg.newBuilder()
                .setCreated(true)
                .setParentGuid(parent.legacyGuid)
                .setMd5Hash(ByteString.copyFrom(child.md5))
                .setChildGuid(child.legacyGuid)
                .setPath(child.path)
                .setPid(child.pid)
                .setCreateTime(child.createTime)
                .build();
        return CbEventMsg.newBuilder().setHeader(header(parent)).setChildproc(c).build();
    }

    private CbEventMsg filemod(Proc p) {
        String dir = FILE_DIRS[rnd.nextInt(FILE_DIRS.length)];
        String file = rnd.nextInt(4) == 0
                ? "tmp" + Long.toHexString(rnd.nextLong() & 0xffffff) + ".tmp"
                : "file" + rnd.nextInt(300) + (rnd.nextBoolean() ? ".docx" : ".dat");
        int a = rnd.nextInt(3);
        CbFileModMsg.Builder f = CbFileModMsg.newBuilder()
                .setGuid(rnd.nextLong())
                .setTamper(false)
                .setAction(
                        a == 0
                                ? CbFileModMsg.CbFileModAction.actionFileModCreate
                                : a == 1
                                        ? CbFileModMsg.CbFileModAction.actionFileModWrite
                                        : CbFileModMsg.CbFileModAction.actionFileModDelete);
        return withPath(header(p), dir + file, CbEventMsg.newBuilder().setFilemod(f));
    }

    private CbEventMsg modload(Proc p) {
        String path = (rnd.nextInt(5) == 0 ? DIRS[rnd.nextInt(DIRS.length)] : "c:\\windows\\system32\\")
                + DLLS[Math.min(DLLS.length - 1, (int) Math.abs(rnd.nextGaussian() * 60))];
        CbModuleLoadMsg m = CbModuleLoadMsg.newBuilder()
                .setGuid(rnd.nextLong())
                .setHandlepathStringGuid(stringGuid)
                .setMd5Hash(ByteString.copyFrom(md5(path)))
                .build();
        return withPath(header(p), path, CbEventMsg.newBuilder().setModload(m));
    }

    private CbEventMsg regmod(Proc p) {
        String key = REG_ROOTS[rnd.nextInt(REG_ROOTS.length)] + "key" + rnd.nextInt(80) + "\\value" + rnd.nextInt(10);
        CbRegModMsg r = CbRegModMsg.newBuilder()
                .setGuid(rnd.nextLong())
                .setTamper(false)
                .setAction(
                        rnd.nextInt(6) == 0
                                ? CbRegModMsg.CbRegModAction.actionRegModCreateKey
                                : CbRegModMsg.CbRegModAction.actionRegModWriteValue)
                .setUtf8Regpath(ByteString.copyFromUtf8(key))
                .build();
        return CbEventMsg.newBuilder().setHeader(header(p)).setRegmod(r).build();
    }

    private CbEventMsg crossproc(Proc p) {
        Proc target = running.get(rnd.nextInt(running.size()));
        CbCrossProcessOpenMsg o = CbCrossProcessOpenMsg.newBuilder()
                .setType(CbCrossProcessOpenMsg.OpenType.OpenProcessHandle)
                .setTargetPid(target.pid)
                .setTargetProcCreateTime(target.createTime)
                .setRequestedAccess(0x1fffff)
                .setTargetProcPath(target.path)
                .setTargetProcMd5(ByteString.copyFrom(target.md5))
                .build();
        return CbEventMsg.newBuilder()
                .setHeader(header(p))
                .setCrossproc(CbCrossProcessMsg.newBuilder().setOpen(o).setTamper(false))
                .build();
    }

    private CbEventMsg netconn(Proc p) {
        String domain = DOMAINS[rnd.nextInt(DOMAINS.length)];
        int ip = NetOrder.ipv4FromInt((13 << 24) | (rnd.nextInt(1 << 16) << 8) | rnd.nextInt(256));
        int port = NetOrder.rawPort(rnd.nextBoolean() ? 443 : 80);
        CbNetConnMsg n = CbNetConnMsg.newBuilder()
                .setIpv4Address(ip)
                .setPort(port)
                .setProtocol(ProtocolType.ProtoTcp)
                .setUtf8Netpath(ByteString.copyFromUtf8(domain))
                .setOutbound(true)
                .setProxyConnection(false)
                .setRemoteIpAddress(ip)
                .setRemotePort(port)
                .setLocalIpAddress(NetOrder.ipv4FromInt(0xAC1F1E00 | rnd.nextInt(256)))
                .setLocalPort(NetOrder.rawPort(49152 + rnd.nextInt(16000)))
                .build();
        return CbEventMsg.newBuilder().setHeader(header(p)).setNetwork(n).build();
    }

    private CbEventMsg moduleInfo() {
        String dll = DLLS[rnd.nextInt(DLLS.length)];
        String hex = java.util.HexFormat.of().withUpperCase().formatHex(md5(dll));
        CbModuleInfoMsg m = CbModuleInfoMsg.newBuilder()
                .setMd5(ByteString.copyFromUtf8(hex))
                .setCopiedModuleLength(120_000)
                .setOriginalModuleLength(120_000)
                .setUtf8CompanyName("Microsoft Corporation")
                .setUtf8FileVersion("10.0.19041.1")
                .setUtf8LegalCopyright("(c) Microsoft Corporation")
                .setUtf8ProductVersion("10.0.19041.1")
                .setUtf8DigSigResult("Signed")
                .setUtf8DigSigResultCode("0x00000000")
                .setImageFileHeader(ByteString.copyFrom(new byte[20]))
                .setUtf8OnDiskFilename("c:\\windows\\system32\\" + dll)
                .build();
        return CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(clock))
                .setModule(m)
                .build();
    }
}
