package io.lampblack.sensor.simulate;

import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The disk of a simulated host as live response sees it: a plausible tree for its platform (system folders, the
 * binaries of its running processes, a user's documents, logs), whose files have generated content of their listed
 * size, plus what live response changed (directories created, files put, deleted, dumped). Files that were put keep
 * their real bytes (on this machine's disk, never in memory); the rest is generated as it is read.
 */
final class SimulatedFileSystem {

    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;
    private static final long GIB = KIB * MIB;

    /** One file or directory; {@code stored} holds the bytes of a put file, {@code literal} those of a small one. */
    record Entry(
            String path,
            String name,
            boolean directory,
            long size,
            long createTime,
            long writeTime,
            byte[] literal,
            Path stored) {}

    private final SimulatedPlatform platform;
    private final long seed;
    private final long clock;
    /** By normalised key (lower case on Windows), so that a directory's children are the keys right after it. */
    private final NavigableMap<String, Entry> entries = new TreeMap<>();

    SimulatedFileSystem(SimulatedPlatform platform, String hostName, long seed, List<String> processPaths) {
        this.platform = platform;
        this.seed = seed;
        this.clock = 1_700_000_000L - new SplittableRandom(seed).nextInt(30 * 86_400);
        String root = platform.drives().getFirst();
        entries.put(key(root), new Entry(root, "", true, 0, clock, clock, null, null));
        if (platform == SimulatedPlatform.WINDOWS) windows(hostName);
        else linux(hostName);
        for (String p : processPaths)
            if (p.startsWith(root) || p.regionMatches(true, 0, root, 0, root.length())) file(p, size(p));
    }

    private void windows(String host) {
        dirs(
                "C:\\Windows\\System32\\drivers\\etc",
                "C:\\Windows\\System32\\config",
                "C:\\Windows\\SysWOW64",
                "C:\\Windows\\Temp",
                "C:\\Windows\\Prefetch",
                "C:\\Program Files\\Windows Defender",
                "C:\\Program Files (x86)\\Google\\Chrome\\Application",
                "C:\\ProgramData\\Microsoft\\Windows Defender",
                "C:\\Users\\Public\\Documents",
                "C:\\Users\\alice\\Desktop",
                "C:\\Users\\alice\\Documents",
                "C:\\Users\\alice\\Downloads",
                "C:\\Users\\alice\\AppData\\Local\\Temp",
                "C:\\Users\\alice\\AppData\\Roaming\\Microsoft\\Windows\\Recent");
        file("C:\\pagefile.sys", 4 * GIB);
        file("C:\\bootmgr", 413_738);
        text(
                "C:\\Windows\\win.ini",
                "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n[Mail]\r\nMAPI=1\r\n");
        text(
                "C:\\Windows\\System32\\drivers\\etc\\hosts",
                "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# localhost name resolution is handled within DNS itself.\r\n"
                        + "#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n");
        for (String f : new String[] {"explorer.exe", "notepad.exe", "regedit.exe", "HelpPane.exe"})
            file("C:\\Windows\\" + f, size(f));
        for (String dll : SyntheticHost.DLLS) file("C:\\Windows\\System32\\" + dll, size(dll));
        for (String f : new String[] {"SAM", "SECURITY", "SOFTWARE", "SYSTEM", "DEFAULT"})
            file("C:\\Windows\\System32\\config\\" + f, size(f) * 20);
        for (String f : new String[] {"cmd.exe", "whoami.exe", "ipconfig.exe", "tasklist.exe", "net.exe", "reg.exe"})
            file("C:\\Windows\\System32\\" + f, size(f));
        for (int i = 0; i < 6; i++)
            file("C:\\Windows\\Temp\\tmp" + Integer.toHexString(0xa1f0 + i * 37) + ".tmp", size("t" + i));
        file("C:\\Users\\alice\\Documents\\Quarterly report.docx", 284_113);
        file("C:\\Users\\alice\\Documents\\budget-2024.xlsx", 61_904);
        text("C:\\Users\\alice\\Documents\\notes.txt", "call the helpdesk about the VPN\r\nhost: " + host + "\r\n");
        file("C:\\Users\\alice\\Downloads\\setup-x64.exe", 38 * MIB + 41_227);
        file("C:\\Users\\alice\\Downloads\\invoice_8812.pdf.lnk", 2_041);
        text(
                "C:\\Users\\alice\\Desktop\\desktop.ini",
                "[.ShellClassInfo]\r\nLocalizedResourceName=@%SystemRoot%\\system32\\shell32.dll,-21769\r\n");
    }

    private void linux(String host) {
        dirs(
                "/bin",
                "/boot",
                "/dev",
                "/etc/ssh",
                "/etc/systemd/system",
                "/home/alice/.ssh",
                "/home/alice/Documents",
                "/opt/app",
                "/root",
                "/tmp",
                "/usr/bin",
                "/usr/sbin",
                "/usr/lib/systemd",
                "/var/log/nginx",
                "/var/lib/postgresql/16/main",
                "/var/tmp");
        text("/etc/hostname", host + "\n");
        text("/etc/hosts", "127.0.0.1 localhost\n127.0.1.1 " + host + "\n\n::1 ip6-localhost ip6-loopback\n");
        text("/etc/os-release", "PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\n");
        text(
                "/etc/passwd",
                "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                        + "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\npostgres:x:114:120::/var/lib/postgresql:/bin/bash\n"
                        + "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n");
        text(
                "/etc/ssh/sshd_config",
                "Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\n");
        text("/etc/crontab", "SHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n");
        text("/home/alice/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\nHISTSIZE=1000\n");
        text("/home/alice/.ssh/authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq alice@laptop\n");
        text("/home/alice/Documents/notes.txt", "rotate the nginx certificate before friday\n");
        file("/boot/vmlinuz-6.8.0-45-generic", 14 * MIB + 8_417);
        file("/boot/initrd.img-6.8.0-45-generic", 68 * MIB + 1_202);
        for (String f : new String[] {
            "bash",
            "ls",
            "cat",
            "ps",
            "curl",
            "ssh",
            "sudo",
            "top",
            "tmux",
            "sleep",
            "hostname",
            "whoami",
            "id",
            "uname",
            "python3.12",
            "dbus-daemon"
        }) file("/usr/bin/" + f, size(f));
        for (String f : new String[] {"sshd", "cron", "rsyslogd", "nginx", "NetworkManager"})
            file("/usr/sbin/" + f, size(f));
        for (String f : new String[] {"syslog", "auth.log", "kern.log", "dpkg.log"})
            textOfSize("/var/log/" + f, size(f) / 4);
        textOfSize("/var/log/nginx/access.log", 3 * MIB + 17);
        file("/opt/app/app.jar", 52 * MIB + 301);
        file("/tmp/.X0-lock", 11);
    }

    /** The entry at {@code path}, if there is one. */
    synchronized Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(key(absolute(path))));
    }

    /**
     * The entries of a directory; {@code path} may end with a {@code *} pattern (as cbapi's walk sends it), which
     * matches names by prefix and suffix.
     */
    synchronized List<Entry> list(String path) throws CommandFailure {
        String p = absolute(path);
        String pattern = null;
        int sep = p.lastIndexOf(platform.separator());
        if (p.indexOf('*', sep) >= 0) {
            pattern = p.substring(sep + 1);
            p = sep == rootLength() - 1 ? p.substring(0, sep + 1) : p.substring(0, sep);
        }
        Entry dir = entries.get(key(p));
        if (dir == null) throw new CommandFailure(LiveResponseProtocol.E_PATH_NOT_FOUND, "path not found: " + path);
        if (!dir.directory()) {
            if (pattern != null)
                throw new CommandFailure(LiveResponseProtocol.E_PATH_NOT_FOUND, "not a directory: " + p);
            return List.of(dir);
        }
        List<Entry> out = new ArrayList<>();
        out.add(new Entry(p, ".", true, 0, dir.createTime(), dir.writeTime(), null, null));
        if (!isRoot(p)) out.add(new Entry(parent(p), "..", true, 0, clock, clock, null, null));
        for (Entry e : children(p)) if (pattern == null || matches(pattern, e.name())) out.add(e);
        return out;
    }

    synchronized void createDirectory(String path) throws CommandFailure {
        String p = absolute(path);
        if (entries.containsKey(key(p)))
            throw new CommandFailure(LiveResponseProtocol.E_ALREADY_EXISTS, "already exists: " + p);
        requireParent(p);
        entries.put(key(p), new Entry(p, name(p), true, 0, now(), now(), null, null));
    }

    synchronized void delete(String path) throws CommandFailure {
        String p = absolute(path);
        Entry e = entries.get(key(p));
        if (e == null) throw new CommandFailure(LiveResponseProtocol.E_FILE_NOT_FOUND, "file not found: " + p);
        if (e.directory() && (isRoot(p) || !children(p).isEmpty()))
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "directory not empty: " + p);
        entries.remove(key(p));
        if (e.stored() != null) deleteQuietly(e.stored());
    }

    /** A file whose bytes are in {@code stored} (taken over: deleted with the entry). */
    synchronized void put(String path, Path stored) throws CommandFailure {
        String p = absolute(path);
        Entry old = entries.get(key(p));
        if (old != null && old.directory())
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "is a directory: " + p);
        requireParent(p);
        long size;
        try {
            size = Files.size(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.put(key(p), new Entry(p, name(p), false, size, now(), now(), null, stored));
        if (old != null && old.stored() != null) deleteQuietly(old.stored());
    }

    /** A file of generated content (a memory dump, a process's output). */
    synchronized Entry generate(String path, long size, byte[] literal) throws CommandFailure {
        String p = absolute(path);
        Entry old = entries.get(key(p));
        if (old != null && old.directory())
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "is a directory: " + p);
        requireParent(p);
        Entry e = new Entry(p, name(p), false, literal == null ? size : literal.length, now(), now(), literal, null);
        entries.put(key(p), e);
        return e;
    }

    /** Whether a directory exists at {@code path}. */
    synchronized boolean isDirectory(String path) {
        Entry e = entries.get(key(absolute(path)));
        return e != null && e.directory();
    }

    /** Reads {@code count} bytes (negative: all) of a file from {@code offset}; fails once {@code cancelled}. */
    InputStream open(Entry e, long offset, long count, BooleanSupplier cancelled) throws IOException {
        long from = Math.min(Math.max(0, offset), e.size());
        long n = count < 0 ? e.size() - from : Math.min(count, e.size() - from);
        if (e.literal() != null) return new ByteArrayInputStream(e.literal(), (int) from, (int) n);
        if (e.stored() != null) {
            InputStream in = Files.newInputStream(e.stored());
            in.skipNBytes(from);
            return new java.io.FilterInputStream(in) {
                long left = n;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (cancelled.getAsBoolean()) throw new IOException("the transfer was cancelled");
                    if (left <= 0) return -1;
                    int r = super.read(b, off, (int) Math.min(len, left));
                    if (r > 0) left -= r;
                    return r;
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }
            };
        }
        return new GeneratedContent(seed ^ key(e.path()).hashCode(), e.size(), from, n, isText(e.path()), cancelled);
    }

    /** The absolute form of a path as this platform writes it: separators unified, relative ones resolved. */
    String absolute(String path) {
        String p = path.trim();
        if (platform == SimulatedPlatform.WINDOWS) {
            p = p.replace('/', '\\');
            if (p.length() == 2 && p.charAt(1) == ':') p = p + "\\";
            if (!(p.length() >= 3 && p.charAt(1) == ':' && p.charAt(2) == '\\'))
                p = platform.workingDirectory() + "\\" + p;
            p = Character.toUpperCase(p.charAt(0)) + p.substring(1);
        } else if (!p.startsWith("/")) {
            p = "/" + p;
        }
        String sep = String.valueOf(platform.separator());
        while (p.contains(sep + sep)) p = p.replace(sep + sep, sep);
        if (p.length() > rootLength() && p.endsWith(sep)) p = p.substring(0, p.length() - 1);
        return p;
    }

    private String key(String absolutePath) {
        return platform.ignoresCase() ? absolutePath.toLowerCase(Locale.ROOT) : absolutePath;
    }

    private List<Entry> children(String dir) {
        String prefix = key(dir.endsWith(String.valueOf(platform.separator())) ? dir : dir + platform.separator());
        List<Entry> out = new ArrayList<>();
        for (var e : entries.subMap(prefix, false, prefix + Character.MAX_VALUE, false)
                .entrySet()) {
            if (e.getKey().indexOf(platform.separator(), prefix.length()) < 0) out.add(e.getValue());
        }
        return out;
    }

    private void requireParent(String p) throws CommandFailure {
        if (isRoot(p)) throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "cannot replace the root");
        Entry parent = entries.get(key(parent(p)));
        if (parent == null || !parent.directory())
            throw new CommandFailure(LiveResponseProtocol.E_PATH_NOT_FOUND, "path not found: " + parent(p));
    }

    private boolean isRoot(String p) {
        return p.length() <= rootLength();
    }

    private int rootLength() {
        return platform.drives().getFirst().length();
    }

    private String parent(String p) {
        int i = p.lastIndexOf(platform.separator());
        return i < rootLength() ? p.substring(0, rootLength()) : p.substring(0, i);
    }

    private String name(String p) {
        return p.substring(p.lastIndexOf(platform.separator()) + 1);
    }

    private static boolean matches(String pattern, String name) {
        if (pattern.equals("*") || pattern.equals("*.*")) return true;
        int star = pattern.indexOf('*');
        String head = pattern.substring(0, star).toLowerCase(Locale.ROOT);
        String tail = pattern.substring(star + 1).replace("*", "").toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith(head) && n.endsWith(tail) && n.length() >= head.length() + tail.length();
    }

    private void dirs(String... paths) {
        for (String p : paths) mkdirs(p);
    }

    private void mkdirs(String p) {
        if (entries.containsKey(key(p))) return;
        mkdirs(parent(p));
        long t = clock - Math.floorMod(p.hashCode(), 86_400 * 300);
        entries.put(key(p), new Entry(p, name(p), true, 0, t, t, null, null));
    }

    private void file(String path, long size) {
        String p = absolute(path);
        if (entries.containsKey(key(p))) return;
        mkdirs(parent(p));
        long t = clock - Math.floorMod(p.hashCode(), 86_400 * 300);
        entries.put(key(p), new Entry(p, name(p), false, size, t, t + Math.floorMod(p.hashCode(), 86_400), null, null));
    }

    private void text(String path, String content) {
        String p = absolute(path);
        mkdirs(parent(p));
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        entries.put(key(p), new Entry(p, name(p), false, b.length, clock, clock, b, null));
    }

    private void textOfSize(String path, long size) {
        file(path, size);
    }

    /** A plausible size for a file, the same for the same name. */
    private static long size(String name) {
        return 16 * KIB + Math.floorMod(name.toLowerCase(Locale.ROOT).hashCode(), 2_000_000);
    }

    private static boolean isText(String path) {
        String n = path.toLowerCase(Locale.ROOT);
        return n.endsWith(".txt")
                || n.endsWith(".log")
                || n.endsWith(".ini")
                || n.endsWith(".conf")
                || n.startsWith("/var/log/");
    }

    private long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover in the simulator's temporary folder; it is removed when the simulator stops
        }
    }
}
