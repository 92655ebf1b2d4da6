package io.lampblack.sensor.replay;

import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads replayable data: rawsensordata zips (identity from the AMQP headers saved beside them as N.txt), bare
 * length-prefixed streams such as the legacy bundle, and directories of single-event {@code .protobuf} files
 * (identity from each event's env). Events are grouped per (sensor id, hostname): sensor id 1 is used by two
 * different hosts in the corpus.
 */
public final class CorpusLoader {

    private static final Pattern SENSOR_ID = Pattern.compile("'sensorId':\\s*(\\d+)");
    private static final Pattern HOST = Pattern.compile("'sensorHostName':\\s*u?'([^']*)'");
    private static final int MAX = Integer.MAX_VALUE - 16;

    private record Key(int sensorId, String host) {}

    private static final class Group {
        final List<byte[]> uploads = new ArrayList<>();
        final List<CbEventMsg> singles = new ArrayList<>();
        int events;
    }

    private final int eventsPerUpload;
    private final Map<Key, Group> groups = new LinkedHashMap<>();

    public CorpusLoader(int eventsPerUpload) {
        this.eventsPerUpload = eventsPerUpload;
    }

    public static List<ReplaySource> load(List<Path> inputs, int eventsPerUpload) throws IOException {
        CorpusLoader l = new CorpusLoader(eventsPerUpload);
        for (Path p : inputs) l.add(p);
        return l.sources();
    }

    public void add(Path input) throws IOException {
        if (Files.isDirectory(input)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(input)) {
                files = s.filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(CorpusLoader::naturalKey))
                        .toList();
            }
            for (Path f : files) addFile(f);
        } else {
            addFile(input);
        }
    }

    private void addFile(Path f) throws IOException {
        String name = f.getFileName().toString();
        if (name.endsWith(".txt") || name.endsWith(".json") || name.endsWith(".md")) return;
        byte[] bytes = Files.readAllBytes(f);
        try {
            if (name.endsWith(".protobuf") || name.endsWith(".proto")) {
                CbEventMsg ev = CbEventMsg.parseFrom(bytes);
                var ep = ev.getEnv().getEndpoint();
                Group g = group(new Key(ep.getSensorId(), ep.getSensorHostName()));
                g.singles.add(ev);
                g.events++;
            } else if (name.endsWith(".zip")) {
                Key k = zipIdentity(f);
                Group g = group(k);
                g.events += EventLogReader.decodeStrict(bytes, MAX).size();
                g.uploads.add(bytes);
            } else {
                var log = EventLogReader.decodeStrict(bytes, MAX);
                if (log.size() == 0) return;
                var ep = log.events().getFirst().getEnv().getEndpoint();
                Key k = ep.hasSensorHostName()
                        ? new Key(ep.getSensorId(), ep.getSensorHostName())
                        : new Key(0, name.toUpperCase());
                Group g = group(k);
                g.events += log.size();
                g.uploads.add(log.framed());
            }
        } catch (Exception e) {
            throw new IOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private Key zipIdentity(Path zip) throws IOException {
        String n = zip.getFileName().toString();
        Path txt = zip.resolveSibling(n.substring(0, n.length() - 4) + ".txt");
        if (Files.exists(txt)) {
            String props = Files.readString(txt, StandardCharsets.UTF_8);
            Matcher id = SENSOR_ID.matcher(props);
            Matcher host = HOST.matcher(props);
            if (id.find() && host.find()) return new Key(Integer.parseInt(id.group(1)), host.group(1));
        }
        return new Key(0, n.toUpperCase());
    }

    private Group group(Key k) {
        return groups.computeIfAbsent(k, x -> new Group());
    }

    /** The groups, single events sorted by event time and cut into uploads of at most eventsPerUpload. */
    public List<ReplaySource> sources() {
        List<ReplaySource> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            Group g = e.getValue();
            List<byte[]> uploads = new ArrayList<>(g.uploads);
            List<CbEventMsg> singles = new ArrayList<>(g.singles);
            singles.sort(Comparator.comparingLong(ev -> ev.getHeader().getTimestamp()));
            for (int i = 0; i < singles.size(); i += eventsPerUpload) {
                uploads.add(EventLogWriter.frame(singles.subList(i, Math.min(singles.size(), i + eventsPerUpload))));
            }
            out.add(new ReplaySource(e.getKey().sensorId(), e.getKey().host(), uploads, g.events));
        }
        return out;
    }

    /** Sorts "10.zip" after "9.zip". */
    private static String naturalKey(Path p) {
        String s = p.toString();
        Matcher m = Pattern.compile("(\\d+)").matcher(s);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(s, last, m.start())
                    .append(String.format("%012d", Long.parseLong(m.group(1).length() > 12 ? "0" : m.group(1))));
            last = m.end();
        }
        return sb.append(s.substring(last)).toString();
    }
}
