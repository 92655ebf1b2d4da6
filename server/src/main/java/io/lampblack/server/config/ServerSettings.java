package io.lampblack.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every server setting with its default. `./lampblack server --help` prints {@link #help()}; the command line
 * form is `--key value` or `--key=value`. Unknown keys and bad values fail at start naming the key.
 */
public final class ServerSettings {

    public static final Setting<String> DATA = Setting.string(
            "data", "data", "directory for the database, index, journal, certificate and server-info.json");
    public static final Setting<Integer> PORT = Setting.integer(
            "port", 8443, 0, 65535, "HTTPS port for the REST API and the sensor protocol (0 = pick a free port)");
    public static final Setting<String> BIND =
            Setting.string("bind", "127.0.0.1", "address the HTTPS listener binds to (0.0.0.0 for every interface)");
    public static final Setting<String> DB = Setting.string(
                    "db",
                    "",
                    "JDBC URL of the metadata database; empty = embedded H2 in DATA/db (e.g. jdbc:postgresql://127.0.0.1:5432/test)")
            .asSecret();
    public static final Setting<String> DB_SCHEMA = Setting.string(
            "db-schema", "", "database schema to use and migrate (PostgreSQL); empty = the connection's default");
    public static final Setting<String> DB_USER =
            Setting.string("db-user", "", "database user (PostgreSQL); empty = the driver's default");
    public static final Setting<String> DB_PASSWORD =
            Setting.string("db-password", "", "database password (PostgreSQL)").asSecret();
    public static final Setting<String> TLS_CERT = Setting.string(
            "tls-cert",
            "",
            "PEM certificate chain of the operator's certificate; empty = a self-signed certificate in DATA/tls");
    public static final Setting<String> TLS_KEY =
            Setting.string("tls-key", "", "PEM private key matching --tls-cert (PKCS#8 or PKCS#1, RSA or EC)");
    public static final Setting<String> PUBLIC_URL =
            Setting.string("public-url", "", "URL printed and written to server-info.json; empty = https://BIND:PORT");
    public static final Setting<Integer> TLS_HANDSHAKE_SECONDS = Setting.integer(
            "tls-handshake-seconds",
            10,
            1,
            300,
            "a connection that has not completed its TLS handshake in this time is closed");
    /**
     * Twice the sensors' check-in interval: a sensor's kept-alive connection waits about that long between check-ins,
     * and closing it just as the next one is sent would fail that request. Sensors' long polls (issue 14) hold a
     * connection open between answers; they will need this raised.
     */
    public static final Setting<Integer> IDLE_SECONDS = Setting.integer(
            "idle-seconds", 60, 1, 3600, "a connection on which nothing is sent or received for this long is closed");

    public static final Setting<Integer> MAX_CONNECTIONS = Setting.integer(
            "max-connections",
            10_000,
            1,
            1_000_000,
            "connections held at once; beyond it the server stops accepting (and closes idle ones sooner) until some close");
    public static final Setting<Integer> MAX_ACCEPT_RATE = Setting.integer(
            "max-accept-rate",
            2_000,
            0,
            1_000_000,
            "new connections accepted per second; beyond it accepting pauses for the rest of the second (0 = no limit)");
    /*
     * Upload limits. Real sensors send event logs of a few MB at most (the largest real upload in the corpus holds 716
     * events in 197 KB, 276 bytes an event); the defaults allow about ten times that, and no more, because a few hundred
     * KB of gzip can inflate to millions of tiny records. What fills the heap is the decoded events (about 300 bytes
     * each plus twice their encoded size), so memory is budgeted by that estimate, reserved as bytes arrive and as they
     * are decoded, not by what the request announces.
     */
    public static final Setting<Long> MAX_UPLOAD = Setting.bytes(
            "max-upload",
            16L << 20,
            1024,
            // An upload is read into one array as it arrives; 1 GiB is far beyond any sensor's and within an array.
            1L << 30,
            "largest event-log upload accepted as sent on the wire (413 above)");
    public static final Setting<Long> MAX_UPLOAD_DECOMPRESSED = Setting.bytes(
            "max-upload-decompressed",
            32L << 20,
            1024,
            1L << 31,
            "largest event-log upload after gzip/zip decompression (413 upload_too_large above; decoding stops there)");
    public static final Setting<Integer> MAX_UPLOAD_EVENTS = Setting.integer(
            "max-upload-events",
            200_000,
            1,
            Integer.MAX_VALUE - 16,
            "most events one event-log upload may hold (413 upload_too_large above; decoding stops there)");
    public static final Setting<Long> MAX_INFLIGHT_UPLOADS = Setting.bytes(
            "max-inflight-uploads",
            1L << 30,
            1L << 20,
            1L << 40,
            "estimated heap that uploads being received and decoded may take at once across all sensors; past it"
                    + " uploads wait up to 10 s, then get 503 server_busy with Retry-After");
    public static final Setting<Integer> INFLIGHT_SHARE_PER_SENSOR = Setting.integer(
            "inflight-share-per-sensor",
            25,
            1,
            100,
            "percent of --max-inflight-uploads one sensor's uploads may hold at once (429 sensor_busy with"
                    + " Retry-After above)");
    public static final Setting<Integer> UPLOAD_READ_TIMEOUT = Setting.integer(
            "upload-read-timeout",
            20,
            1,
            3600,
            "seconds an upload body (event log or binary) may go without a byte arriving before the connection is cut"
                    + " (408)");
    public static final Setting<Long> UPLOAD_MIN_RATE = Setting.bytes(
            "upload-min-rate",
            4096L,
            0L,
            1L << 30,
            "bytes per second an upload body (event log or binary) must average over each stretch of"
                    + " --upload-read-timeout seconds (408 below; 0 = none)");
    public static final Setting<Long> JOURNAL_FILE_SIZE = Setting.bytes(
            "journal-file-size", 128L << 20, 1L << 20, 1L << 32, "size at which the ingest journal starts a new file");
    public static final Setting<Integer> INDEX_THREADS = Setting.integer(
            "index-threads", 2, 1, 64, "threads turning journaled uploads into Lucene segment documents");
    public static final Setting<Integer> INDEX_RAM_MB = Setting.integer(
            "index-ram-mb", 256, 16, 16384, "Lucene indexing RAM buffer in MiB (larger = fewer flushes)");
    public static final Setting<Integer> REFRESH_MS = Setting.integer(
            "refresh-ms",
            1000,
            10,
            60000,
            "how often new segments become searchable (near-real-time refresh interval)");
    public static final Setting<Integer> COMMIT_MS = Setting.integer(
            "commit-ms",
            5000,
            100,
            600000,
            "how often the index is committed (and the journal trimmed up to the committed position)");
    /**
     * Small on purpose: what waits here is acknowledged but not yet searchable nor matched against watchlists, so
     * at saturation it is pure latency (8 uploads of 1,000 events are about a tenth of a second on 2 cores; 32 held
     * streamed watchlist hits back by a third of a second more, for no measurable throughput).
     */
    public static final Setting<Integer> PIPELINE_QUEUE = Setting.integer(
            "pipeline-queue",
            8,
            1,
            100000,
            "uploads held in memory between the journal and the indexers, in all, before uploads wait (back-pressure)");

    public static final Setting<Integer> METADATA_CACHE = Setting.integer(
            "metadata-cache",
            200000,
            100,
            100000000,
            "processes whose metadata is kept in memory for later segments of long-running processes");
    public static final Setting<Boolean> LEADING_WILDCARDS = Setting.bool(
            "allow-leading-wildcards",
            false,
            "accept queries whose terms start with a wildcard (slow; Carbon Black blocks them by default)");
    public static final Setting<Integer> CHECKIN_SECONDS =
            Setting.integer("checkin-seconds", 30, 1, 3600, "interval sensors are told to check in at");

    public static final Setting<Integer> PARTITION_DAYS = Setting.integer(
            "partition-days",
            3,
            0,
            3650,
            "the hot event partition rolls into a new warm partition when it is this many days old (0 = only on request)");
    public static final Setting<Integer> PARTITION_RETENTION_DAYS = Setting.integer(
            "partition-retention-days",
            0,
            0,
            36500,
            "event partitions rolled more than this many days ago are deleted (0 = keep them)");
    public static final Setting<Long> PARTITION_RETENTION_SIZE = Setting.bytes(
            "partition-retention-size",
            0L,
            0L,
            1L << 50,
            "the oldest rolled event partitions are deleted while all partitions take more disk than this (0 = no limit)");
    public static final Setting<Integer> PARTITION_CHECK_SECONDS = Setting.integer(
            "partition-check-seconds", 60, 1, 86400, "how often the partition roll and retention are checked");
    public static final Setting<Long> MAX_BINARY_UPLOAD = Setting.bytes(
            "max-binary-upload",
            25L << 20,
            1024,
            1L << 32,
            "largest binary file a sensor may upload to the binary store (413 above); Carbon Black's limit is 25 MB");
    public static final Setting<Integer> BINARY_JOIN_LIMIT = Setting.integer(
            "binary-join-limit",
            100_000,
            1,
            10_000_000,
            "most binaries a binary-join clause of a process query may match (digsig_result_modload:...); 400 above");
    public static final Setting<Integer> BINARY_SEEN_CACHE = Setting.integer(
            "binary-seen-cache",
            1 << 21,
            1024,
            1 << 28,
            "binary observations (MD5, sensor, path) remembered so that re-observing them costs nothing; 8 bytes each");
    public static final Setting<Integer> BINARY_FLUSH_MS = Setting.integer(
            "binary-flush-ms",
            1000,
            10,
            60000,
            "how often newly observed binaries are written to the binary index and become searchable");

    public static final Setting<String> REGISTRATION_TOKEN = Setting.string(
                    "registration-token",
                    "",
                    "shared token sensors must present (X-Registration-Token) to register; empty = the one generated"
                            + " on first start and kept in DATA (sensor_registration_token in server-info.json)")
            .asSecret();
    public static final Setting<String> SENSOR_DIST = Setting.string(
            "sensor-dist",
            "",
            "directory holding the Linux sensor's jars in lib/ (made by the build in sensor/target/dist), from which"
                    + " group installers are made; empty = sensor/target/dist of the checkout ./lampblack runs from");
    public static final Setting<Boolean> OPEN_REGISTRATION = Setting.bool(
            "open-registration",
            false,
            "let any client that reaches the port register as a sensor, without a token (labs only; logs a warning)");

    public static final Setting<String> BUS = new Setting<>(
                    "bus",
                    "",
                    v -> v,
                    v -> v.isEmpty() || v.startsWith("amqp://") || v.startsWith("amqps://"),
                    "empty or an amqp:// URL",
                    "message bus; empty = the embedded broker, amqp://user:pass@host:port/vhost = an external RabbitMQ instead")
            .asSecret();
    public static final Setting<String> BUS_BIND = Setting.string(
            "bus-bind", "127.0.0.1", "address the embedded broker's AMQP port binds to (0.0.0.0 for every interface)");
    public static final Setting<Integer> BUS_PORT = Setting.integer(
            "bus-port",
            5004,
            0,
            65535,
            "AMQP 0-9-1 port of the embedded broker (Carbon Black's is 5004; 0 = pick a free port)");
    public static final Setting<String> BUS_USERS = new Setting<>(
                    "bus-users",
                    "",
                    v -> v,
                    v -> v.isBlank() || v.matches("\\s*[^:,\\s][^:,]*:[^,]+(,\\s*[^:,\\s][^:,]*:[^,]+)*"),
                    "user:password,user:password",
                    "further users of the embedded broker besides cb (passwords without commas)")
            .asSecret();
    public static final Setting<Integer> BUS_BUFFER = Setting.integer(
            "bus-buffer",
            100_000,
            100,
            100_000_000,
            "messages buffered per lane (notifications, raw events) while the broker is slow or away; raw events beyond it are shed");
    public static final Setting<Long> BUS_BUFFER_BYTES = Setting.bytes(
            "bus-buffer-bytes",
            256L << 20,
            1L << 20,
            1L << 40,
            "message bytes the raw-event lane of the bus buffer may hold (bulk zips are large); raw events beyond it are shed");
    public static final Setting<String> BROADCAST_EVENT_TYPES = Setting.string(
            "broadcast-event-types",
            "",
            "raw event types published one per message on api.events (cb.conf DatastoreBroadcastEventTypes): * or a comma list"
                    + " such as process,moduleload,moduleinfo,filemod,regmod,netconn,childproc,crossprocopen,remotethread; empty = none");
    public static final Setting<Boolean> RAW_SENSOR_DATA_BROADCAST = Setting.bool(
            "raw-sensor-data-broadcast",
            false,
            "publish every event-log upload as a zip on api.rawsensordata (cb.conf EnableRawSensorDataBroadcast)");
    public static final Setting<Integer> RAW_SENSOR_DATA_ZIP_LEVEL = Setting.integer(
            "raw-sensor-data-zip-level",
            0,
            0,
            9,
            "compression of the api.rawsensordata zips: 0 stores the event log uncompressed (cheapest for the server,"
                    + " about 3x the bytes on the bus), 1..9 deflate it (Carbon Black deflates); every zip reader reads both");
    public static final Setting<Boolean> BINARY_INFO_NOTIFICATIONS = Setting.bool(
            "binary-info-notifications",
            true,
            "publish binaryinfo.observed/host.observed/group.observed and binarystore.file.added (cb.conf EnableSolrBinaryInfoNotifications)");

    public static final Setting<Integer> FEED_SYNC_SECONDS = Setting.integer(
            "feed-sync-seconds",
            3600,
            0,
            604800,
            "how often every enabled threat feed is fetched again (0: only when asked, POST /api/v1/feed/<id>/synchronize)");

    public static final Setting<Integer> FEED_TIMEOUT_SECONDS = Setting.integer(
            "feed-timeout-seconds",
            60,
            1,
            3600,
            "how long fetching a feed document may take in all, redirects included (408 feed_timeout beyond)");

    public static final Setting<Long> FEED_MAX_BYTES = Setting.bytes(
            "feed-max-bytes",
            256L << 20,
            1024,
            1L << 40,
            "largest feed document fetched, after gzip decoding (502 feed_too_large beyond)");

    public static final Setting<String> FEED_DENY_NETWORKS = Setting.string(
            "feed-deny-networks",
            "169.254.0.0/16,fe80::/10,fd00:ec2::254/128",
            "networks feed URLs may not reach (CIDR, comma-separated; empty = none); this server's own ports on its own"
                    + " addresses are always refused");

    public static final Setting<Boolean> FEED_HIT_LEGACY_KEYS = Setting.bool(
            "feed-hit-legacy-keys",
            false,
            "also publish ingress feed hits under the EDR 5.1 keys without the feed id (feed.ingress.hit.process/binary), which cbapi's event callbacks bind to exactly");

    public static final Setting<Integer> WATCHLIST_SECONDS = Setting.integer(
            "watchlist-seconds",
            60,
            0,
            86400,
            "how often every enabled watchlist is run over the data received since its last run (Carbon Black: 600; 0: never)");

    public static final Setting<Integer> WATCHLIST_STREAM_QUEUE = Setting.integer(
            "watchlist-stream-queue",
            50_000,
            0,
            10_000_000,
            "segments waiting to be matched against process watchlists as they are indexed; beyond it uploads are left to the periodic run (0: no streaming)");

    public static final Setting<String> SYSLOG_TARGET = Setting.string(
            "syslog-target",
            "",
            "where watchlist and feed syslog actions send hits: udp://host:514 or tcp://host:port (empty: those actions fail)");

    public static final Setting<String> SMTP_SERVER = Setting.string(
                    "smtp-server",
                    "",
                    "where watchlist and feed e-mail actions are sent: smtp://[user:password@]host[:port] (STARTTLS when offered) or smtps://... (empty: those actions fail)")
            .asSecret();

    public static final Setting<String> SMTP_FROM =
            Setting.string("smtp-from", "lampblack@localhost", "the sender address of e-mail actions");

    public static final Setting<String> AUDIT_SYSLOG = Setting.string(
            "audit-syslog",
            "",
            "mirror every audit entry (API calls, logins) to a syslog collector as RFC 5424 over UDP: udp://host:port (empty: database only)");

    public static final Setting<Integer> AUDIT_QUEUE = Setting.integer(
            "audit-queue",
            100_000,
            100,
            10_000_000,
            "audit entries waiting to be written; when full, requests wait up to 5 s for room before an entry is counted as lost");

    public static final Setting<Integer> AUDIT_RETENTION_DAYS = Setting.integer(
            "audit-retention-days", 90, 1, 36_500, "days audit entries are kept; older ones are deleted once a day");

    public static final Setting<String> REDIS_URL = new Setting<>(
                    "redis-url",
                    "",
                    v -> v,
                    v -> v.isEmpty() || v.startsWith("redis://"),
                    "empty or a redis://HOST:PORT/DB URL",
                    "Redis server that raw events are PUBLISHed to (ingress.event.<type>); empty = none")
            .asSecret();
    public static final Setting<String> REDIS_EVENT_TYPES = Setting.string(
            "redis-event-types",
            "",
            "raw event types published to --redis-url: * or a comma list of procstart (or process), procend, childproc,"
                    + " moduleload, module, filemod, regmod, netconn");
    public static final Setting<Integer> LR_MAX_SESSIONS = Setting.integer(
            "lr-max-sessions",
            10,
            1,
            100_000,
            "live-response sessions pending or active at once, across all sensors (Carbon Black's default is 10)");
    public static final Setting<Integer> LR_SENSOR_WAIT_SECONDS = Setting.integer(
            "lr-sensor-wait-seconds",
            120,
            5,
            86_400,
            "seconds a pending live-response session waits for its sensor, once told of it, to take it up (sensor_wait_timeout)");
    public static final Setting<Integer> LR_SESSION_TIMEOUT_SECONDS = Setting.integer(
            "lr-session-timeout-seconds",
            300,
            5,
            86_400,
            "seconds a live-response session stays open without a client's command, read or keepalive (session_timeout)");
    public static final Setting<Integer> LR_CHECKIN_TIMEOUT_SECONDS = Setting.integer(
            "lr-checkin-timeout-seconds",
            1200,
            5,
            604_800,
            "seconds a pending live-response session waits for a sensor that has not checked in since (check_in_timeout)");
    public static final Setting<Integer> LR_STORAGE_TTL_DAYS = Setting.integer(
            "lr-storage-ttl-days",
            7,
            1,
            3650,
            "days the files and command log of an ended live-response session are kept (storage_ttl)");
    public static final Setting<Long> LR_MAX_FILE = Setting.bytes(
            "lr-max-file",
            8L << 30,
            1024,
            1L << 42,
            "largest file one live-response transfer (an analyst's upload, a sensor's get file or memdump) may store");
    public static final Setting<Long> LR_MAX_STORAGE = Setting.bytes(
            "lr-max-storage",
            64L << 30,
            1L << 20,
            1L << 50,
            "bytes all live-response session files may take together under DATA/liveresponse");
    public static final Setting<Integer> LR_COMMAND_WAIT_SECONDS = Setting.integer(
            "lr-command-wait-seconds",
            120,
            1,
            3600,
            "longest a GET of a live-response command with ?wait=true blocks before answering it still pending");
    public static final Setting<Integer> CONSOLE_SESSION_IDLE_MINUTES = Setting.integer(
            "console-session-idle-minutes",
            30,
            1,
            24 * 60,
            "a web console session without a request for this many minutes ends (the analyst logs in again)");
    public static final Setting<Integer> CONSOLE_SESSION_HOURS = Setting.integer(
            "console-session-hours",
            12,
            1,
            24 * 30,
            "a web console session ends this many hours after its login, however busy it is");
    public static final Setting<String> CONSOLE_DIR = Setting.string(
            "console-dir",
            "",
            "serve the web console from this directory (index.html, assets/, lampblack-files.json: a console build's"
                    + " output, for console development); empty = from the console module's jar on the classpath");
    public static final List<Setting<?>> ALL = List.of(
            DATA,
            PORT,
            BIND,
            DB,
            DB_SCHEMA,
            DB_USER,
            DB_PASSWORD,
            TLS_CERT,
            TLS_KEY,
            PUBLIC_URL,
            TLS_HANDSHAKE_SECONDS,
            IDLE_SECONDS,
            MAX_CONNECTIONS,
            MAX_ACCEPT_RATE,
            MAX_UPLOAD,
            MAX_UPLOAD_DECOMPRESSED,
            MAX_UPLOAD_EVENTS,
            MAX_INFLIGHT_UPLOADS,
            INFLIGHT_SHARE_PER_SENSOR,
            UPLOAD_READ_TIMEOUT,
            UPLOAD_MIN_RATE,
            JOURNAL_FILE_SIZE,
            INDEX_THREADS,
            INDEX_RAM_MB,
            REFRESH_MS,
            COMMIT_MS,
            PIPELINE_QUEUE,
            METADATA_CACHE,
            LEADING_WILDCARDS,
            CHECKIN_SECONDS,
            PARTITION_DAYS,
            PARTITION_RETENTION_DAYS,
            PARTITION_RETENTION_SIZE,
            PARTITION_CHECK_SECONDS,
            MAX_BINARY_UPLOAD,
            BINARY_JOIN_LIMIT,
            BINARY_SEEN_CACHE,
            BINARY_FLUSH_MS,
            REGISTRATION_TOKEN,
            SENSOR_DIST,
            OPEN_REGISTRATION,
            BUS,
            BUS_BIND,
            BUS_PORT,
            BUS_USERS,
            BUS_BUFFER,
            BUS_BUFFER_BYTES,
            BROADCAST_EVENT_TYPES,
            RAW_SENSOR_DATA_BROADCAST,
            RAW_SENSOR_DATA_ZIP_LEVEL,
            BINARY_INFO_NOTIFICATIONS,
            REDIS_URL,
            REDIS_EVENT_TYPES,
            FEED_SYNC_SECONDS,
            FEED_TIMEOUT_SECONDS,
            FEED_MAX_BYTES,
            FEED_DENY_NETWORKS,
            FEED_HIT_LEGACY_KEYS,
            WATCHLIST_SECONDS,
            WATCHLIST_STREAM_QUEUE,
            SYSLOG_TARGET,
            SMTP_SERVER,
            SMTP_FROM,
            AUDIT_SYSLOG,
            AUDIT_QUEUE,
            AUDIT_RETENTION_DAYS,
            LR_MAX_SESSIONS,
            LR_SENSOR_WAIT_SECONDS,
            LR_SESSION_TIMEOUT_SECONDS,
            LR_CHECKIN_TIMEOUT_SECONDS,
            LR_STORAGE_TTL_DAYS,
            LR_MAX_FILE,
            LR_MAX_STORAGE,
            LR_COMMAND_WAIT_SECONDS,
            CONSOLE_SESSION_IDLE_MINUTES,
            CONSOLE_SESSION_HOURS,
            CONSOLE_DIR);

    private final Map<String, Object> values;
    private final List<Setting<?>> secretsOnCommandLine;

    private final List<Path> secretFiles;

    private ServerSettings(Map<String, Object> values, List<Setting<?>> secretsOnCommandLine, List<Path> secretFiles) {
        this.values = values;
        this.secretsOnCommandLine = secretsOnCommandLine;
        this.secretFiles = secretFiles;
    }

    public static ServerSettings defaults() {
        return of(Map.of());
    }

    /** Settings from `key -> raw value`; unknown keys fail. */
    public static ServerSettings of(Map<String, String> raw) {
        return of(raw, List.of(), List.of());
    }

    private static ServerSettings of(
            Map<String, String> raw, List<Setting<?>> secretsOnCommandLine, List<Path> secretFiles) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Setting<?> s : ALL) v.put(s.key(), s.defaultValue());
        for (var e : raw.entrySet()) {
            Setting<?> s = find(e.getKey());
            v.put(s.key(), s.parse(e.getValue()));
        }
        return new ServerSettings(v, secretsOnCommandLine, List.copyOf(secretFiles));
    }

    /** Parses `--key value` / `--key=value` arguments (a boolean setting alone means true); no environment. */
    public static ServerSettings fromArgs(List<String> args) {
        return fromArgs(args, Map.of());
    }

    /**
     * Parses `--key value` / `--key=value` arguments; a secret setting may also come from `--key-file PATH` or from
     * its variable in {@code environment} (the command line wins over the environment; a key and its file form
     * together are refused).
     */
    public static ServerSettings fromArgs(List<String> args, Map<String, String> environment) {
        Map<String, String> raw = new LinkedHashMap<>();
        Set<Setting<?>> fromCommandLine = new LinkedHashSet<>();
        Set<Setting<?>> fromFile = new LinkedHashSet<>();
        List<Path> secretFiles = new ArrayList<>();
        for (Setting<?> s : ALL) {
            String env = s.secret() ? environment.get(s.environmentVariable()) : null;
            if (env != null) raw.put(s.key(), env);
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--"))
                throw new IllegalArgumentException("unexpected argument '" + a + "' (settings are --key value)");
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (isFlag(key) && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
                value = "true";
            } else {
                if (i + 1 >= args.size()) throw new IllegalArgumentException("setting '" + key + "' needs a value");
                value = args.get(++i);
            }
            Optional<Setting<?>> secretFile = secretOfFileKey(key);
            if (secretFile.isPresent()) {
                Setting<?> s = secretFile.get();
                if (!fromFile.add(s)) throw new IllegalArgumentException("setting '" + key + "' is given twice");
                raw.put(s.key(), readSecretFile(s, Path.of(value)));
                secretFiles.add(Path.of(value));
            } else {
                Setting<?> s = find(key);
                raw.put(key, value);
                if (s.secret()) fromCommandLine.add(s);
            }
        }
        for (Setting<?> s : fromFile) {
            if (fromCommandLine.contains(s)) {
                throw new IllegalArgumentException(
                        "settings '" + s.key() + "' and '" + s.fileKey() + "' are both given; give one");
            }
        }
        List<Setting<?>> visible = fromCommandLine.stream()
                .filter(s -> Secrets.holdsPassword(raw.get(s.key())))
                .toList();
        return of(raw, visible, secretFiles);
    }

    private static boolean isFlag(String key) {
        return ALL.stream().anyMatch(s -> s.key().equals(key) && s.defaultValue() instanceof Boolean);
    }

    private static Optional<Setting<?>> secretOfFileKey(String key) {
        return ALL.stream().filter(s -> s.secret() && s.fileKey().equals(key)).findFirst();
    }

    /** The file's text without its trailing line break (what `echo secret > file` leaves). */
    private static String readSecretFile(Setting<?> s, Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("setting '" + s.fileKey() + "': cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Setting<?> find(String key) {
        for (Setting<?> s : ALL) if (s.key().equals(key)) return s;
        throw new IllegalArgumentException("unknown setting '" + key + "' (see --help)");
    }

    public ServerSettings with(Setting<?> setting, String raw) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(setting.key(), setting.parse(raw));
        return new ServerSettings(v, secretsOnCommandLine, secretFiles);
    }

    /** The files secrets were read from ({@code --db-password-file PATH} and the like), which feeds may not read. */
    public List<Path> secretFiles() {
        return secretFiles;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
        return (T) values.get(s.key());
    }

    /**
     * Secrets that were given as plain command-line arguments, which every local user can read in {@code ps}: the
     * server warns about each (a URL counts only when it carries a password).
     */
    public List<Setting<?>> secretsOnCommandLine() {
        return secretsOnCommandLine;
    }

    public Path dataDir() {
        return Path.of(get(DATA)).toAbsolutePath();
    }

    public static String help() {
        StringBuilder sb = new StringBuilder("Settings (--key value):\n");
        for (Setting<?> s : ALL) {
            sb.append(String.format(
                    "  --%-26s %s%n  %-28s default: %s%n",
                    s.key(), s.doc(), "", String.valueOf(s.defaultValue()).isEmpty() ? "(empty)" : s.defaultValue()));
            if (s.secret()) {
                sb.append(String.format(
                        "  %-28s secret: or --%s PATH, or $%s (out of sight of ps)%n",
                        "", s.fileKey(), s.environmentVariable()));
            }
        }
        return sb.toString();
    }
}
