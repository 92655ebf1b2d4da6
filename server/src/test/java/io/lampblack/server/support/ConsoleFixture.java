package io.lampblack.server.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small console build as the console module's jar holds one (index.html, hashed assets, the list of files), written
 * to a directory for {@code --console-dir} or {@code ConsoleFiles.fromDirectory}: tests do not depend on the real
 * console being built.
 */
public final class ConsoleFixture {

    public static final String SCRIPT = "assets/index-Bx7k2Q9a.js";
    public static final String STYLE = "assets/index-C4d1Ee2f.css";
    public static final String IMAGE = "assets/logo-D9f8A7b6.png";
    public static final String FONT = "assets/inter-E1a2B3c4.woff2";

    public static final String INDEX_HTML = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Lampblack</title>
            <script type="module" crossorigin src="/assets/index-Bx7k2Q9a.js"></script>
            <link rel="stylesheet" href="/assets/index-C4d1Ee2f.css"></head>
            <body><div id="root"></div></body></html>
            """;

    /** Repetitive, as a bundle is: gzip makes it much smaller. */
    public static final String SCRIPT_TEXT =
            "export function render(root){root.textContent='Lampblack console';}\n".repeat(300);

    private ConsoleFixture() {}

    /** Writes the build into {@code dir} (created) and answers it. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("index.html"), INDEX_HTML);
        Files.writeString(dir.resolve(SCRIPT), SCRIPT_TEXT);
        Files.writeString(dir.resolve(STYLE), "body{margin:0;font-family:Inter,sans-serif}\n".repeat(40));
        Files.write(dir.resolve(IMAGE), noise(2_000, 1));
        Files.write(dir.resolve(FONT), noise(3_000, 2));
        Files.writeString(
                dir.resolve("lampblack-files.json"),
                "[\"index.html\", \"" + SCRIPT + "\", \"" + STYLE + "\", \"" + IMAGE + "\", \"" + FONT + "\"]",
                StandardCharsets.UTF_8);
        return dir;
    }

    /** Bytes gzip cannot shrink, as a compressed image or font's. */
    public static byte[] noise(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
