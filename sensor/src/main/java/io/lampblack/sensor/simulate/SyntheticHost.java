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
public final class SyntheticHost {

    private static final String[] IMAGES = {"svchost.exe", "explorer.exe", "chrome.exe", "outlook.exe", "winword.exe",
            "excel.exe", "powershell.exe", "cmd.exe", "conhost.exe", "taskhostw.exe", "searchindexer.exe",
            "searchprotocolhost.exe", "msedge.exe", "teams.exe", "onedrive.exe", "lsass.exe", "services.exe",
            "wmiprvse.exe", "rundll32.exe", "dllhost.exe", "notepad.exe", "java.exe", "python.exe", "sqlservr.exe"};
    private static final String[] DIRS = {"c:\\windows\\system32\\", "c:\\windows\\syswow64\\",
            "c:\\program files\\microsoft office\\root\\office16\\", "c:\\program files (x86)\\google\\chrome\\application\\",
            "c:\\program files\\java\\jre1.8.0_202\\bin\\", "c:\\windows\\", "c:\\users\\alice\\appdata\\local\\microsoft\\teams\\current\\"};
    private static final String[] DLLS = new String[220];
    private static final String[] DOMAINS = new String[120];
    private static final String[] REG_ROOTS = {"\\registry\\machine\\software\\microsoft\\windows\\currentversion\\",
            "\\registry\\user\\s-1-5-21-1004336348-1177238915-682003330-1001\\software\\microsoft\\office\\16.0\\",
            "\\registry\\machine\\system\\controlset001\\services\\", "\\registry\\machine\\software\\classes\\clsid\\",
            "\\registry\\user\\s-1-5-21-1004336348-1177238915-682003330-1001\\software\\microsoft\\windows\\currentversion\\explorer\\"};
    private static final String[] FILE_DIRS = {"c:\\users\\alice\\appdata\\local\\temp\\", "c:\\windows\\temp\\",
            "c:\\users\\alice\\documents\\", "c:\\programdata\\microsoft\\windows defender\\scans\\",
            "c:\\users\\alice\\appdata\\local\\google\\chrome\\user data\\default\\cache\\",
            "c:\\windows\\prefetch\\", "c:\\users\\alice\\appdata\\roaming\\microsoft\\windows\\recent\\"};

    static {
        String[] stems = {"kernel", "ntdll", "user", "gdi", "advapi", "shell", "ole", "combase", "rpcrt", "ws2_",
                "crypt", "bcrypt", "msvcp", "vcruntime", "ucrtbase", "sechost", "win", "dwm", "d3d", "dxgi", "msctf"};
        for (int i = 0; i < DLLS.length; i++) DLLS[i] = stems[i % stems.length] + (i / stems.length) + ".dll";
        String[] tlds = {".com", ".net", ".org", ".io", ".co.uk", ".com.au"};
        String[] words = {"update", "cdn", "login", "api", "telemetry", "static", "mail", "files", "edge", "sync"};
        for (int i = 0; i < DOMAINS.length; i++) {
            DOMAINS[i] = words[i % words.length] + "." + "site" + (i / 6) + tlds[i % tlds.length];
        }
    }

    private record Proc(int pid, long createTime, long legacyGuid, String path, byte[] md5, String cmdline,
                        int parentPid, long parentCreate, String parentPath) {
    }

    private final SplittableRandom rnd;
    private final List<Proc> running = new ArrayList<>();
    private long clock = FileTimes.fromEpochMillis(1_700_000_000_000L);
    private long stringGuid = 1;
    private int nextPid = 1000;

    public SyntheticHost(long seed) {
        this.rnd = new SplittableRandom(seed);
        for (int i = 0; i < 24; i++) running.add(spawn(null));
    }

    /** The next upload of this host: {@code events} events in event-log framing, with process starts first. */
    public byte[] nextUpload(int events) {
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
        String cmd = "\"" + path + "\" " + (rnd.nextBoolean() ? "/c start" : "--type=renderer --field-trial-handle=" + rnd.nextInt(10_000));
        return new Proc(pid, create, rnd.nextLong(), path, md5(path), cmd,
                parent == null ? 4 : parent.pid, parent == null ? create - 1000 : parent.createTime,
                parent == null ? "c:\\windows\\system32\\services.exe" : parent.path);
    }

    private Proc spawnShadow(Proc parent) {
        Proc p = spawn(parent);
        nextPid -= 4;
        return p;
    }

    private static byte[] md5(String s) {
        byte[] b = new byte[16];
        long h = s.hashCode() * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) (h >>> ((i % 8) * 8));
            if (i == 7) h = Long.rotateLeft(h * 31 + 17, 13);
        }
        return b;
    }

    private CbHeaderMsg.Builder header(Proc p) {
        return CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(clock).setProcessGuid(p.legacyGuid)
                .setProcessCreateTime(p.createTime).setProcessPid(p.pid).setProcessMd5(ByteString.copyFrom(p.md5))
                .setProcessPath(p.path);
    }

    private CbEventMsg withPath(CbHeaderMsg.Builder h, String path, CbEventMsg.Builder b) {
        long g = stringGuid++;
        h.setFilepathStringGuid(g);
        return b.setHeader(h).addStrings(CbStringMsg.newBuilder().setGuid(g).setUtf8String(ByteString.copyFromUtf8(path))).build();
    }

    private CbEventMsg processStart(Proc p) {
        CbProcessMsg.Builder m = CbProcessMsg.newBuilder().setPid(p.pid).setCreated(true).setParentPid(p.parentPid)
                .setParentCreateTime(p.parentCreate).setMd5Hash(ByteString.copyFrom(p.md5))
                .setCommandline(ByteString.copyFromUtf8(p.cmdline)).setParentPath(p.parentPath)
                .setParentMd5(ByteString.copyFrom(md5(p.parentPath))).setCreationobserved(true).setUid("S-1-5-21-1001")
                .setUsername("WORKSTATION\\alice");
        CbHeaderMsg.Builder h = header(p).setProcessFilepathStringGuid(stringGuid);
        return withPath(h, p.path, CbEventMsg.newBuilder().setProcess(m));
    }

    private CbEventMsg processEnd(Proc p) {
        return withPath(header(p), p.path, CbEventMsg.newBuilder().setProcess(CbProcessMsg.newBuilder().setPid(p.pid).setCreated(false)));
    }

    private CbEventMsg childproc(Proc parent, Proc child) {
        CbChildProcessMsg c = CbChildProcessMsg.newBuilder().setCreated(true).setParentGuid(parent.legacyGuid)
                .setMd5Hash(ByteString.copyFrom(child.md5)).setChildGuid(child.legacyGuid).setPath(child.path)
                .setPid(child.pid).setCreateTime(child.createTime).build();
        return CbEventMsg.newBuilder().setHeader(header(parent)).setChildproc(c).build();
    }

    private CbEventMsg filemod(Proc p) {
        String dir = FILE_DIRS[rnd.nextInt(FILE_DIRS.length)];
        String file = rnd.nextInt(4) == 0 ? "tmp" + Long.toHexString(rnd.nextLong() & 0xffffff) + ".tmp"
                : "file" + rnd.nextInt(300) + (rnd.nextBoolean() ? ".docx" : ".dat");
        int a = rnd.nextInt(3);
        CbFileModMsg.Builder f = CbFileModMsg.newBuilder().setGuid(rnd.nextLong()).setTamper(false)
                .setAction(a == 0 ? CbFileModMsg.CbFileModAction.actionFileModCreate
                        : a == 1 ? CbFileModMsg.CbFileModAction.actionFileModWrite : CbFileModMsg.CbFileModAction.actionFileModDelete);
        return withPath(header(p), dir + file, CbEventMsg.newBuilder().setFilemod(f));
    }

    private CbEventMsg modload(Proc p) {
        String path = (rnd.nextInt(5) == 0 ? DIRS[rnd.nextInt(DIRS.length)] : "c:\\windows\\system32\\")
                + DLLS[Math.min(DLLS.length - 1, (int) Math.abs(rnd.nextGaussian() * 60))];
        CbModuleLoadMsg m = CbModuleLoadMsg.newBuilder().setGuid(rnd.nextLong()).setHandlepathStringGuid(stringGuid)
                .setMd5Hash(ByteString.copyFrom(md5(path))).build();
        return withPath(header(p), path, CbEventMsg.newBuilder().setModload(m));
    }

    private CbEventMsg regmod(Proc p) {
        String key = REG_ROOTS[rnd.nextInt(REG_ROOTS.length)] + "key" + rnd.nextInt(80) + "\\value" + rnd.nextInt(10);
        CbRegModMsg r = CbRegModMsg.newBuilder().setGuid(rnd.nextLong()).setTamper(false)
                .setAction(rnd.nextInt(6) == 0 ? CbRegModMsg.CbRegModAction.actionRegModCreateKey
                        : CbRegModMsg.CbRegModAction.actionRegModWriteValue)
                .setUtf8Regpath(ByteString.copyFromUtf8(key)).build();
        return CbEventMsg.newBuilder().setHeader(header(p)).setRegmod(r).build();
    }

    private CbEventMsg crossproc(Proc p) {
        Proc target = running.get(rnd.nextInt(running.size()));
        CbCrossProcessOpenMsg o = CbCrossProcessOpenMsg.newBuilder().setType(CbCrossProcessOpenMsg.OpenType.OpenProcessHandle)
                .setTargetPid(target.pid).setTargetProcCreateTime(target.createTime).setRequestedAccess(0x1fffff)
                .setTargetProcPath(target.path).setTargetProcMd5(ByteString.copyFrom(target.md5)).build();
        return CbEventMsg.newBuilder().setHeader(header(p))
                .setCrossproc(CbCrossProcessMsg.newBuilder().setOpen(o).setTamper(false)).build();
    }

    private CbEventMsg netconn(Proc p) {
        String domain = DOMAINS[rnd.nextInt(DOMAINS.length)];
        int ip = NetOrder.ipv4FromInt((13 << 24) | (rnd.nextInt(1 << 16) << 8) | rnd.nextInt(256));
        int port = NetOrder.rawPort(rnd.nextBoolean() ? 443 : 80);
        CbNetConnMsg n = CbNetConnMsg.newBuilder().setIpv4Address(ip).setPort(port).setProtocol(ProtocolType.ProtoTcp)
                .setUtf8Netpath(ByteString.copyFromUtf8(domain)).setOutbound(true).setProxyConnection(false)
                .setRemoteIpAddress(ip).setRemotePort(port).setLocalIpAddress(NetOrder.ipv4FromInt(0xAC1F1E00 | rnd.nextInt(256)))
                .setLocalPort(NetOrder.rawPort(49152 + rnd.nextInt(16000))).build();
        return CbEventMsg.newBuilder().setHeader(header(p)).setNetwork(n).build();
    }

    private CbEventMsg moduleInfo() {
        String dll = DLLS[rnd.nextInt(DLLS.length)];
        String hex = java.util.HexFormat.of().withUpperCase().formatHex(md5(dll));
        CbModuleInfoMsg m = CbModuleInfoMsg.newBuilder().setMd5(ByteString.copyFromUtf8(hex)).setCopiedModuleLength(120_000)
                .setOriginalModuleLength(120_000).setUtf8CompanyName("Microsoft Corporation").setUtf8FileVersion("10.0.19041.1")
                .setUtf8LegalCopyright("(c) Microsoft Corporation").setUtf8ProductVersion("10.0.19041.1")
                .setUtf8DigSigResult("Signed").setUtf8DigSigResultCode("0x00000000")
                .setImageFileHeader(ByteString.copyFrom(new byte[20])).setUtf8OnDiskFilename("c:\\windows\\system32\\" + dll).build();
        return CbEventMsg.newBuilder().setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(clock)).setModule(m).build();
    }
}
