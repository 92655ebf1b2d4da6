package io.lampblack.bench.fuzz;

import com.code_intelligence.jazzer.Jazzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./lampblack bench fuzz --target NAME [--seconds N] [--corpus DIR]}: a long coverage-guided run (Jazzer) of
 * one fuzz target, the same target that {@code ./lampblack test} fuzzes for a few seconds. Findings (the input and
 * its stack trace) are written to the working directory as {@code crash-*} files by libFuzzer.
 */
public final class FuzzBench {

    /** The fuzz targets by name: classes with a static {@code fuzzerTestOneInput(byte[])}. */
    static final Map<String, Class<?>> TARGETS = Map.of("upload", UploadDecoderTarget.class, "query", QueryFuzz.class);

    private FuzzBench() {}

    public static void main(String[] args) throws Exception {
        String target = null;
        int seconds = 60;
        Path corpus = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--target" -> target = args[i + 1];
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--corpus" -> corpus = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Class<?> cls = TARGETS.get(target);
        if (cls == null) {
            throw new IllegalArgumentException("--target must be one of " + TARGETS.keySet() + ", not " + target);
        }
        if (corpus == null) corpus = Files.createTempDirectory("lampblack-fuzz-" + target);
        Files.createDirectories(corpus);
        List<String> jazzer = new ArrayList<>(List.of(
                "--target_class=" + cls.getName(),
                // Coverage of our code and of the libraries the targets run (protobuf for uploads, Lucene for
                // queries), not of the JDK or Jazzer.
                "--instrumentation_includes=io.lampblack.**:com.google.protobuf.**:org.apache.lucene.**",
                "-max_total_time=" + seconds,
                "-rss_limit_mb=4096",
                "-timeout=10",
                corpus.toString()));
        System.out.printf("fuzz: target %s (%s), %d s, corpus %s%n", target, cls.getName(), seconds, corpus);
        Jazzer.main(jazzer.toArray(String[]::new));
    }
}
