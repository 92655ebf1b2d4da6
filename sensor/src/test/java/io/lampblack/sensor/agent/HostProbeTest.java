package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's facts from /proc and /etc as Linux writes them (copies of real files' lines). */
class HostProbeTest {

    @TempDir
    Path root;

    @Test
    void readsUptimeMemoryOsAndHostname() throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("uptime"), "2252.61 4371.02\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       24683772 kB\nMemFree:        20000000 kB\n");
        Files.writeString(proc.resolve("sys/kernel/hostname"), "web-7\n");
        Files.writeString(proc.resolve("sys/kernel/osrelease"), "6.8.0-45-generic\n");
        Files.writeString(
                etc.resolve("os-release"), "NAME=\"Ubuntu\"\nPRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nID=ubuntu\n");
        HostProbe p = new HostProbe(proc, etc);
        assertEquals(2252L, p.uptimeSeconds());
        assertEquals(24683772L * 1024, p.memoryBytes());
        assertEquals("web-7", p.hostname());
        assertEquals("Ubuntu 24.04.1 LTS (kernel 6.8.0-45-generic)", p.osDescription());
        assertEquals("linux", p.registration(2).osType());
        assertEquals(2, p.registration(2).groupId());
    }

    @Test
    void whatCannotBeReadIsLeftOut() {
        HostProbe p = new HostProbe(root.resolve("no-proc"), root.resolve("no-etc"));
        assertNull(p.uptimeSeconds());
        assertNull(p.memoryBytes());
        assertEquals("Linux (kernel " + System.getProperty("os.version") + ")", p.osDescription());
    }
}
