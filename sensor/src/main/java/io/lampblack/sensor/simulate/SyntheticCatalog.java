package io.lampblack.sensor.simulate;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the {@link SyntheticHost.Profile#QUERY query profile} draws from: process images with a skewed share of
 * process starts, the folder each normally lives in and the shapes of its command lines; network sites in a few
 * address blocks; the folders modules load from; and what each binary's module-info message reports (signature,
 * company). Static and deterministic, so that a benchmark can build the expected answer of a binary join from it
 * without seeing the generated data.
 */
public final class SyntheticCatalog {

    static final String SYSTEM32 = "c:\\windows\\system32\\";
    static final String TEMP = "c:\\users\\alice\\appdata\\local\\temp\\";
    static final String JAVA = "c:\\program files\\java\\jre1.8.0_202\\bin\\";
    static final String CHROME = "c:\\program files (x86)\\google\\chrome\\application\\";
    static final String OFFICE = "c:\\program files\\microsoft office\\root\\office16\\";
    static final String TEAMS = "c:\\users\\alice\\appdata\\local\\microsoft\\teams\\current\\";

    /**
     * A process image. {@code weight} is its share of process starts (svchost.exe dominates, sqlservr.exe is rare,
     * as on real Windows fleets); {@code args} are command-line tails, where {@code #} stands for a random number;
     * {@code sites} are the hosts it mostly talks to (empty: anything); {@code residents} how many instances run from
     * the host's start and never end (services, the shell), which is what makes processes with hundreds of segments.
     */
    record Image(String name, String dir, int weight, int residents, String[] args, String[] sites) {
        String path() {
            return dir + name;
        }
    }

    static final Image[] IMAGES = {
        image(
                "svchost.exe",
                SYSTEM32,
                300,
                6,
                args(
                        "-k netsvcs -p -s Schedule",
                        "-k netsvcs -p -s BITS",
                        "-k LocalServiceNetworkRestricted -p",
                        "-k DcomLaunch -p",
                        "-k RPCSS -p",
                        "-k UnistackSvcGroup"),
                sites("update.microsoft.com", "settings-win.data.microsoft.com", "dc01.corp.local")),
        image(
                "chrome.exe",
                CHROME,
                150,
                1,
                args(
                        "--type=renderer --field-trial-handle=# --lang=en-US",
                        "--type=gpu-process --field-trial-handle=#",
                        "--type=utility --utility-sub-type=network.mojom.NetworkService",
                        ""),
                sites()),
        image("conhost.exe", SYSTEM32, 80, 0, args("0xffffffff -ForceV1"), sites()),
        image(
                "msedge.exe",
                "c:\\program files (x86)\\microsoft\\edge\\application\\",
                60,
                0,
                args("--type=renderer --field-trial-handle=#", "--no-startup-window"),
                sites()),
        image("explorer.exe", "c:\\windows\\", 40, 1, args(""), sites("www.bing.com")),
        image(
                "outlook.exe",
                OFFICE,
                40,
                1,
                args("/recycle", ""),
                sites("outlook.office365.com", "login.microsoftonline.com")),
        image(
                "teams.exe",
                TEAMS,
                35,
                1,
                args("--system-initiated", "--type=renderer --field-trial-handle=#"),
                sites("teams.microsoft.com", "login.microsoftonline.com")),
        image(
                "searchprotocolhost.exe",
                SYSTEM32,
                30,
                0,
                args("Global\\UsGthrFltPipeMssGthrPipe# Global\\UsGthrCtrlFltPipeMssGthrPipe# 1 -2147483646"),
                sites()),
        image(
                "powershell.exe",
                SYSTEM32 + "windowspowershell\\v1.0\\",
                30,
                0,
                args(
                        "-nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAAjAA==",
                        "-ExecutionPolicy Bypass -File c:\\users\\alice\\scripts\\sync#.ps1",
                        "-NoProfile -Command Get-Service"),
                sites("intranet.corp.local", "fs01.corp.local")),
        image(
                "cmd.exe",
                SYSTEM32,
                30,
                0,
                args(
                        "/c start",
                        "/c net use y: \\\\fs01\\share#",
                        "/c copy report#.docx \\\\fs01\\share",
                        "/c ping -n 1 10.1.0.#"),
                sites()),
        image(
                "winword.exe",
                OFFICE,
                25,
                0,
                args("/n \"c:\\users\\alice\\documents\\report#.docx\"", "/safe"),
                sites("login.microsoftonline.com")),
        image(
                "excel.exe",
                OFFICE,
                20,
                0,
                args("\"c:\\users\\alice\\documents\\budget#.xlsx\"", "/e"),
                sites("login.microsoftonline.com")),
        image(
                "rundll32.exe",
                SYSTEM32,
                20,
                0,
                args(
                        "/d srrstr.dll,ExecuteScheduledSPPC",
                        "shell32.dll,Control_RunDLL desk.cpl",
                        "c:\\windows\\system32\\winethc.dll,ForceProxyDetectionOnNextRun"),
                sites()),
        image("dllhost.exe", SYSTEM32, 20, 0, args("/Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}"), sites()),
        image("taskhostw.exe", SYSTEM32, 15, 0, args("", "Install $(Arg0)"), sites()),
        image("wmiprvse.exe", SYSTEM32 + "wbem\\", 15, 0, args("-secured -Embedding", "-Embedding"), sites()),
        image(
                "onedrive.exe",
                "c:\\users\\alice\\appdata\\local\\microsoft\\onedrive\\",
                12,
                1,
                args("/background"),
                sites("login.microsoftonline.com")),
        image(
                "googleupdate.exe",
                "c:\\program files (x86)\\google\\update\\",
                10,
                0,
                args("/svc", "/ua /installsource scheduler", "/c"),
                sites("update.googleapis.com")),
        image("notepad.exe", SYSTEM32, 10, 0, args("c:\\users\\alice\\documents\\notes#.txt", ""), sites()),
        image(
                "java.exe",
                JAVA,
                8,
                0,
                args("-jar c:\\tools\\app#.jar", "-Xmx512m -cp lib\\* com.example.Main"),
                sites("api.example.io")),
        image(
                "python.exe",
                "c:\\users\\alice\\appdata\\local\\programs\\python\\python311\\",
                6,
                0,
                args("c:\\users\\alice\\scripts\\job#.py --verbose"),
                sites()),
        image("lsass.exe", SYSTEM32, 3, 1, args(""), sites("dc01.corp.local")),
        image("services.exe", SYSTEM32, 3, 1, args(""), sites()),
        image("searchindexer.exe", SYSTEM32, 3, 1, args("/Embedding"), sites()),
        image(
                "sqlservr.exe",
                "c:\\program files\\microsoft sql server\\mssql15.mssqlserver\\mssql\\binn\\",
                2,
                0,
                args("-sMSSQLSERVER"),
                sites()),
    };

    static final int IMAGE_WEIGHT =
            java.util.Arrays.stream(IMAGES).mapToInt(Image::weight).sum();

    /** Where modules load from; system32 dominates. The temp folder holds what a dropper left: unsigned. */
    static final String[] MODULE_DIRS = {
        SYSTEM32, "c:\\windows\\syswow64\\", OFFICE, CHROME, JAVA, "c:\\windows\\", TEAMS, TEMP
    };

    /** A network site: a DNS name, the first address of its block, how many addresses it spreads over, its weight. */
    record Site(String domain, int firstAddress, int addresses, int weight) {}

    /**
     * Sites in a few address blocks: the corporate 10.1.0.0/16 and 10.2.0.0/16, a 192.168.1.0/24 LAN, Microsoft's
     * 13.107.0.0/16, Google's 142.250.0.0/16, the 93.184.216.0/24 of example.com, and a long tail of small sites in
     * 104.16.0.0/12. Popular names carry most connections.
     */
    static final Site[] SITES;

    static final int SITE_WEIGHT;

    static {
        List<Site> s = new ArrayList<>();
        s.add(new Site("www.google.com", ip(142, 250, 0, 0), 4096, 120));
        s.add(new Site("www.bing.com", ip(13, 107, 21, 0), 256, 80));
        s.add(new Site("www.example.com", ip(93, 184, 216, 0), 64, 60));
        s.add(new Site("login.microsoftonline.com", ip(13, 107, 42, 0), 256, 70));
        s.add(new Site("outlook.office365.com", ip(13, 107, 6, 0), 256, 50));
        s.add(new Site("teams.microsoft.com", ip(13, 107, 64, 0), 256, 40));
        s.add(new Site("update.microsoft.com", ip(13, 107, 4, 0), 256, 40));
        s.add(new Site("settings-win.data.microsoft.com", ip(13, 107, 5, 0), 64, 30));
        s.add(new Site("update.googleapis.com", ip(142, 250, 64, 0), 256, 20));
        s.add(new Site("mail.google.com", ip(142, 250, 128, 0), 256, 20));
        s.add(new Site("api.example.io", ip(93, 184, 216, 128), 64, 10));
        s.add(new Site("cdn.example.co.uk", ip(93, 184, 216, 192), 32, 10));
        s.add(new Site("news.example.com.au", ip(93, 184, 216, 224), 16, 5));
        s.add(new Site("intranet.corp.local", ip(10, 1, 0, 0), 1024, 40));
        s.add(new Site("fs01.corp.local", ip(10, 1, 8, 10), 1, 30));
        s.add(new Site("dc01.corp.local", ip(10, 1, 0, 5), 2, 30));
        s.add(new Site("mail.corp.local", ip(10, 2, 0, 0), 256, 20));
        s.add(new Site("proxy.corp.local", ip(10, 2, 1, 0), 16, 20));
        s.add(new Site("printer.lan", ip(192, 168, 1, 20), 8, 5));
        s.add(new Site("nas.lan", ip(192, 168, 1, 50), 4, 5));
        String[] tlds = {".com", ".net", ".org", ".io", ".co.uk", ".com.au"};
        String[] words = {"update", "cdn", "login", "api", "telemetry", "static", "mail", "files", "edge", "sync"};
        for (int i = 0; i < 120; i++) {
            s.add(new Site(
                    words[i % words.length] + ".site" + (i / 6) + tlds[i % tlds.length],
                    ip(104, 16 + (i % 16), i, 0),
                    256,
                    2));
        }
        SITES = s.toArray(Site[]::new);
        SITE_WEIGHT = s.stream().mapToInt(Site::weight).sum();
    }

    private static final Map<String, Site> SITE_BY_NAME = new LinkedHashMap<>();

    static {
        for (Site site : SITES) SITE_BY_NAME.put(site.domain(), site);
    }

    static Site site(String domain) {
        Site s = SITE_BY_NAME.get(domain);
        if (s == null) throw new IllegalStateException("no site " + domain);
        return s;
    }

    private SyntheticCatalog() {}

    /** A binary as its module-info message describes it; {@code md5} in upper-case hex. */
    public record Binary(String md5, String path, String digsigResult, String company) {}

    /**
     * Every binary the query profile can run or load, with the signature result its module-info message reports.
     * A host reports each binary before its first use, so every MD5 in the process index has its binary here.
     */
    public static List<Binary> binaries() {
        List<Binary> out = new ArrayList<>();
        for (Image im : IMAGES) {
            out.add(binary(im.path()));
            out.add(binary(TEMP + im.name()));
        }
        for (String dir : MODULE_DIRS) {
            for (String dll : SyntheticHost.DLLS) out.add(binary(dir + dll));
        }
        return out;
    }

    static Binary binary(String path) {
        return new Binary(
                HexFormat.of().withUpperCase().formatHex(SyntheticHost.md5(path)),
                path,
                signature(path),
                company(path));
    }

    /**
     * Unsigned: whatever runs from the temp folder, plus one third-party module in 40; Expired: the old Java runtime;
     * everything else Signed.
     */
    static String signature(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.startsWith(TEMP)) return "Unsigned";
        if (p.startsWith(JAVA)) return "Expired";
        if (!p.startsWith(SYSTEM32) && Math.floorMod(p.hashCode(), 40) == 0) return "Unsigned";
        return "Signed";
    }

    static String company(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.startsWith(TEMP)) return "";
        if (p.startsWith(JAVA)) return "Oracle Corporation";
        if (p.contains("\\google\\")) return "Google LLC";
        if (p.contains("\\python")) return "Python Software Foundation";
        return "Microsoft Corporation";
    }

    private static Image image(String name, String dir, int weight, int residents, String[] args, String[] sites) {
        return new Image(name, dir, weight, residents, args, sites);
    }

    private static String[] args(String... a) {
        return a;
    }

    private static String[] sites(String... s) {
        return s;
    }

    private static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }
}
