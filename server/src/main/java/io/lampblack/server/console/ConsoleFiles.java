package io.lampblack.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The web console's built files, read once at start and held in memory, each also gzipped when that makes it smaller.
 * The console module's build lists every file it made in {@value #MANIFEST} (a JSON array of paths relative to the
 * console's root); only {@code index.html} and files directly in {@code assets/} are taken, and only those the list
 * names, so what is served is exactly what the build made (no path a request spells can reach anything else).
 *
 * <p>The files come from a {@link Source}: the console module's jar on the classpath ({@link #fromClasspath}, under
 * {@code console/}), a directory ({@link #fromDirectory}: a console build during its development, or a test's
 * fixture), or anything else that answers a name with bytes. A build without the console (no list) is
 * {@linkplain #absent absent}, as is one whose list is broken; the server then answers {@code /} saying so, and starts.
 */
public final class ConsoleFiles {

    /** The list of the console build's files. */
    public static final String MANIFEST = "lampblack-files.json";

    public static final String INDEX = "index.html";

    /** The directory of the console's files in its jar. */
    public static final String CLASSPATH_ROOT = "console/";

    /** Hashed asset names as Vite makes them: letters, digits, dot, dash, underscore; no directories. */
    private static final Pattern ASSET = Pattern.compile("assets/[A-Za-z0-9_][A-Za-z0-9._-]{0,200}");

    /** Beyond this a console build is not what it should be (Lampblack's is a few MB). */
    private static final long MAX_TOTAL = 256L << 20;

    /** The cache lifetime of a hashed asset: its name changes with its content. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** index.html names the assets of the current build: a browser asks again each time (cheap with the ETag). */
    public static final String NO_CACHE = "no-cache";

    /** Where the console's files are read from, by their path relative to the console's root. */
    @FunctionalInterface
    public interface Source {
        /** The file's bytes; empty when there is no such file. */
        Optional<byte[]> read(String path) throws IOException;
    }

    /**
     * One file as it is served.
     *
     * @param gzipped its gzip form, or null when gzip does not make it smaller (images, fonts)
     * @param etag    a strong entity tag of the plain form; the gzipped form's is {@link #gzipEtag}
     */
    public record File(String path, byte[] body, byte[] gzipped, String contentType, String cacheControl, String etag) {

        public String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }
    }

    private final Map<String, File> files;
    private final String absence;

    private ConsoleFiles(Map<String, File> files, String absence) {
        this.files = Map.copyOf(files);
        this.absence = absence;
    }

    /** No console: {@code why} says what is missing, for the log and the answer at {@code /}. */
    public static ConsoleFiles absent(String why) {
        return new ConsoleFiles(Map.of(), why);
    }

    /** The console's files from the jar of the console module (under {@value #CLASSPATH_ROOT}). */
    public static ConsoleFiles fromClasspath(ClassLoader loader) {
        return load(
                path -> {
                    try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + path)) {
                        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
                    }
                },
                "the classpath (" + CLASSPATH_ROOT + ")");
    }

    /** The console's files from a directory holding index.html, assets/ and the list. */
    public static ConsoleFiles fromDirectory(Path dir) {
        return load(
                path -> {
                    try {
                        return Optional.of(Files.readAllBytes(dir.resolve(path)));
                    } catch (NoSuchFileException e) {
                        return Optional.empty();
                    }
                },
                dir.toString());
    }

    /**
     * Reads every file the list names.
     *
     * @param where where the source reads from, for the messages
     */
    public static ConsoleFiles load(Source source, String where) {
        try {
            Optional<byte[]> manifest = source.read(MANIFEST);
            if (manifest.isEmpty())
                return absent("this server was built without the web console (no " + MANIFEST + " in " + where + ")");
            JsonNode list = Json.MAPPER.readTree(manifest.get());
            if (list == null || !list.isArray()) return absent(MANIFEST + " in " + where + " is not a JSON array");
            Map<String, File> files = new LinkedHashMap<>();
            long total = 0;
            for (JsonNode entry : list) {
                if (!entry.isTextual()) return absent(MANIFEST + " in " + where + " lists a non-string: " + entry);
                String path = entry.asText();
                if (!path.equals(INDEX) && !ASSET.matcher(path).matches()) continue; // not served (e.g. a favicon)
                Optional<byte[]> body = source.read(path);
                if (body.isEmpty()) return absent(MANIFEST + " in " + where + " lists " + path + ", which is missing");
                total += body.get().length;
                if (total > MAX_TOTAL)
                    return absent("the console's files in " + where + " exceed " + (MAX_TOTAL >> 20) + " MiB");
                files.put(path, file(path, body.get()));
            }
            if (!files.containsKey(INDEX)) return absent(MANIFEST + " in " + where + " does not list " + INDEX);
            return new ConsoleFiles(files, null);
        } catch (IOException | RuntimeException e) {
            return absent("the console's files in " + where + " cannot be read: " + e.getMessage());
        }
    }

    /** Whether the console is here to be served. */
    public boolean present() {
        return absence == null;
    }

    /** Why the console is not here; empty when it is. */
    public Optional<String> absence() {
        return Optional.ofNullable(absence);
    }

    /** The file at this path relative to the console's root ({@code index.html}, {@code assets/x.js}). */
    public Optional<File> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    public int count() {
        return files.size();
    }

    /** Bytes held in all, plain and gzipped. */
    public long bytes() {
        return files.values().stream()
                .mapToLong(f -> f.body().length + (f.gzipped() == null ? 0 : f.gzipped().length))
                .sum();
    }

    private static File file(String path, byte[] body) throws IOException {
        byte[] gz = gzip(body);
        return new File(
                path,
                body,
                gz.length < body.length ? gz : null,
                contentType(path),
                path.equals(INDEX) ? NO_CACHE : IMMUTABLE,
                etag(body));
    }

    /** The Content-Type a browser needs for each kind of file a console build holds. */
    static String contentType(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "woff" -> "font/woff";
            case "ttf" -> "font/ttf";
            case "wasm" -> "application/wasm";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\""
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
