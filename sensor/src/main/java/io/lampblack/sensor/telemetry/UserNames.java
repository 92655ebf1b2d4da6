package io.lampblack.sensor.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * User names by uid from the password file, read again when a uid is missing (at most every ten seconds, so that a
 * user added while the sensor runs is named without re-reading the file for every process of an unnamed uid). Users
 * only a directory service knows are shown by number.
 */
final class UserNames {

    private static final long RELOAD_NANOS = 10_000_000_000L;

    private final Path passwd;
    private Map<Integer, String> names = Map.of();
    private long loadedAt = Long.MIN_VALUE;

    UserNames(Path passwd) {
        this.passwd = passwd;
    }

    synchronized String nameOf(int uid) {
        String name = names.get(uid);
        if (name == null && (loadedAt == Long.MIN_VALUE || System.nanoTime() - loadedAt > RELOAD_NANOS)) {
            names = load();
            loadedAt = System.nanoTime();
            name = names.get(uid);
        }
        return name != null ? name : Integer.toString(uid);
    }

    private Map<Integer, String> load() {
        Map<Integer, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        out.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // a malformed line names nobody
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
