package io.lampblack.sensor.simulate;

import io.lampblack.protocol.FileTimes;
import io.lampblack.sensor.simulate.SyntheticHost.RunningProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The processes of a simulated Linux host: a systemd tree with the usual daemons and a logged-in user, the same for
 * the same seed. (The event generator has no Linux flavour, so a Linux host's processes come from here.)
 */
final class LinuxProcessTable implements SimulatedProcesses {

    /** pid-of-parent index (into this array), path, command line, user. */
    private static final String[][] TREE = {
        {"-1", "/usr/lib/systemd/systemd", "/sbin/init splash", "root"},
        {"-1", "[kthreadd]", "[kthreadd]", "root"},
        {"0", "/usr/lib/systemd/systemd-journald", "/usr/lib/systemd/systemd-journald", "root"},
        {"0", "/usr/lib/systemd/systemd-udevd", "/usr/lib/systemd/systemd-udevd", "root"},
        {"0", "/usr/lib/systemd/systemd-resolved", "/usr/lib/systemd/systemd-resolved", "systemd-resolve"},
        {"0", "/usr/bin/dbus-daemon", "@dbus-daemon --system --address=systemd: --nofork --nopidfile", "messagebus"},
        {"0", "/usr/sbin/cron", "/usr/sbin/cron -f -P", "root"},
        {"0", "/usr/sbin/rsyslogd", "/usr/sbin/rsyslogd -n -iNONE", "syslog"},
        {"0", "/usr/sbin/NetworkManager", "/usr/sbin/NetworkManager --no-daemon", "root"},
        {"0", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", "root"},
        {"9", "/usr/sbin/sshd", "sshd: alice [priv]", "root"},
        {"10", "/usr/sbin/sshd", "sshd: alice@pts/0", "alice"},
        {"11", "/usr/bin/bash", "-bash", "alice"},
        {"0", "/usr/sbin/nginx", "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;", "root"},
        {"13", "/usr/sbin/nginx", "nginx: worker process", "www-data"},
        {"13", "/usr/sbin/nginx", "nginx: worker process", "www-data"},
        {
            "0",
            "/usr/lib/postgresql/16/bin/postgres",
            "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main",
            "postgres"
        },
        {"0", "/usr/bin/python3.12", "/usr/bin/python3 /usr/bin/networkd-dispatcher --run-startup-triggers", "root"},
        {"0", "/usr/lib/jvm/java-21-openjdk-amd64/bin/java", "java -Xmx512m -jar /opt/app/app.jar", "app"},
        {"12", "/usr/bin/tmux", "tmux new -s work", "alice"},
    };

    private final List<RunningProcess> running = new ArrayList<>();
    private long clock;
    private int nextPid;

    LinuxProcessTable(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long boot = FileTimes.fromEpochMillis(1_700_000_000_000L - rnd.nextLong(86_400_000L));
        clock = boot;
        int pid = 1;
        for (String[] p : TREE) {
            int parent = Integer.parseInt(p[0]);
            RunningProcess parentProcess = parent < 0 ? null : running.get(parent);
            clock += 10_000L * (1 + rnd.nextInt(100_000));
            running.add(new RunningProcess(
                    pid,
                    clock,
                    p[1],
                    p[2],
                    parentProcess == null ? 0 : parentProcess.pid(),
                    parentProcess == null ? boot : parentProcess.createTime(),
                    p[3]));
            pid = pid < 3 ? pid + 1 : pid + 100 + rnd.nextInt(900);
        }
        nextPid = pid;
    }

    @Override
    public synchronized List<RunningProcess> processes() {
        return List.copyOf(running);
    }

    @Override
    public synchronized boolean kill(int pid) {
        return running.removeIf(p -> p.pid() == pid);
    }

    @Override
    public synchronized RunningProcess start(String path, String commandLine, String username, boolean exits) {
        RunningProcess shell = running.stream()
                .filter(p -> p.path().endsWith("/bash"))
                .findFirst()
                .orElse(running.getFirst());
        clock += 10_000_000L;
        RunningProcess p =
                new RunningProcess(nextPid += 7, clock, path, commandLine, shell.pid(), shell.createTime(), username);
        if (!exits) running.add(p);
        return p;
    }
}
