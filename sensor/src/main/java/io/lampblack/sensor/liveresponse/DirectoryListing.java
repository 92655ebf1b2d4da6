package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code directory list} on Linux, shaped as Carbon Black's Windows sensor answers it: a directory (with or without
 * a trailing "/") lists its entries with "." and ".." first; a last component with wildcards ({@code /tmp/*},
 * {@code /var/log/*.log}) lists the matching entries ("*" matches "." and ".." as on Windows, which cbapi's
 * {@code walk} expects and skips); a plain file lists itself. Symbolic links are listed, never followed.
 *
 * <p>At most {@link #MAX_ENTRIES} entries and {@link ResultSize#MAX_BYTES} of result are listed: a directory of
 * 80,000 files would make a result the server refuses, built in the sensor's small heap first. Beyond, the command
 * fails (E_FAIL) saying to narrow the path or use a wildcard, as soon as the cap is passed.
 */
final class DirectoryListing {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The most entries one listing answers (about 4 MB of JSON with short names). */
    static final int MAX_ENTRIES = 25_000;

    private DirectoryListing() {}

    static ArrayNode list(Path cwd, String object) throws CommandFailure {
        if (object == null || object.isBlank()) throw CommandFailure.invalid("directory list needs a path");
        String last = object.endsWith("/") ? "" : object.substring(object.lastIndexOf('/') + 1);
        boolean pattern = last.indexOf('*') >= 0 || last.indexOf('?') >= 0;
        if (pattern) {
            String dirPart = object.substring(0, object.length() - last.length());
            Path dir = cwd.resolve(dirPart.isEmpty() ? "." : dirPart);
            return listDirectory(dir, wildcard(last));
        }
        Path path = cwd.resolve(object);
        if (Files.isDirectory(path)) return listDirectory(path, null);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) throw CommandFailure.missing(path);
        ArrayNode files = NODES.arrayNode();
        try {
            files.add(entry(path.getFileName().toString(), path));
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
        return files;
    }

    /**
     * A Windows wildcard: {@code *} any run of characters, {@code ?} any one; every other character, brackets and
     * braces and backslashes included, stands for itself (so no pattern is malformed).
     */
    static PathMatcher wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
        Pattern p = Pattern.compile(regex.toString(), Pattern.DOTALL);
        return path -> p.matcher(path.toString()).matches();
    }

    private static ArrayNode listDirectory(Path dir, PathMatcher matcher) throws CommandFailure {
        if (!Files.isDirectory(dir)) {
            throw Files.exists(dir)
                    ? new CommandFailure(LiveResponseProtocol.E_PATH_NOT_FOUND, dir + ": not a directory")
                    : CommandFailure.missing(dir);
        }
        ArrayNode files = NODES.arrayNode();
        String narrow = "too many entries: narrow the path or use a wildcard (" + dir + ")";
        ResultSize size = new ResultSize(narrow);
        try {
            for (String special : List.of(".", "..")) {
                if (matcher == null || matcher.matches(Path.of(special))) {
                    files.add(entry(special, special.equals(".") ? dir : parentOf(dir)));
                }
            }
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path p : stream) {
                    if (matcher != null && !matcher.matches(p.getFileName())) continue;
                    if (entries.size() == MAX_ENTRIES) {
                        throw new CommandFailure(
                                LiveResponseProtocol.E_FAIL, narrow + ": more than " + MAX_ENTRIES + " entries");
                    }
                    entries.add(p);
                }
            }
            entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
            for (Path p : entries) {
                try {
                    ObjectNode e = entry(p.getFileName().toString(), p);
                    size.add(e);
                    files.add(e);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed between listing and reading its attributes: it is not there any more
                }
            }
        } catch (IOException e) {
            throw CommandFailure.of(e, dir);
        }
        return files;
    }

    private static Path parentOf(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs : abs.getParent();
    }

    private static ObjectNode entry(String name, Path path) throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        ObjectNode e = NODES.objectNode();
        e.put("filename", name);
        ArrayNode attributes = e.putArray("attributes");
        if (a.isSymbolicLink()) {
            // Windows shows links as reparse points; not DIRECTORY even when the target is one, so that a walk
            // (cbapi's walk follows every DIRECTORY) never loops through a link.
            attributes.add("REPARSE_POINT");
        } else if (a.isDirectory()) {
            attributes.add("DIRECTORY");
        } else if (a.isRegularFile()) {
            attributes.add("ARCHIVE");
        } else {
            attributes.add("DEVICE");
        }
        if (!a.permissions().contains(PosixFilePermission.OWNER_WRITE)) attributes.add("READONLY");
        if (name.startsWith(".") && !name.equals(".") && !name.equals("..")) attributes.add("HIDDEN");
        e.put("size", a.isRegularFile() || a.isSymbolicLink() ? a.size() : 0);
        e.put("create_time", a.creationTime().toMillis() / 1000);
        e.put("last_access_time", a.lastAccessTime().toMillis() / 1000);
        e.put("last_write_time", a.lastModifiedTime().toMillis() / 1000);
        return e;
    }
}
