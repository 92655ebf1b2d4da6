package io.lampblack.bench.fuzz;

import io.lampblack.server.lucene.query.QueryTranslator;
import io.lampblack.server.search.ComprehensiveRules;
import io.lampblack.server.search.Highlighter;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.query.QueryTerms;
import io.lampblack.server.search.schema.BinarySchema;
import io.lampblack.server.search.schema.FieldCatalog;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.ProcessSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fuzzing of the Carbon Black query language, process and binary queries alike: any text either becomes a query
 * (parsed, its terms and highlights listed, translated for Lucene) or is refused with a {@link QuerySyntaxException},
 * the 400 {@code query_malformed_syntax}. Anything else thrown (an index out of bounds, a stack overflow, a Lucene
 * complaint) is a finding: the API would answer it with a 500.
 *
 * <p>Inputs are mutations of realistic queries and splices of the language's pieces (fields, operators, ranges,
 * wildcards, escapes, unpaired surrogates, deep nesting, very long terms), drawn from a seeded {@link Random}: the same
 * seed gives the same inputs, so a finding is reproduced by its seed and index. A short fixed-seed run is part of the
 * test suite ({@code QueryFuzzTest}); {@code main} runs for as long as asked, from a fresh seed unless one is given:
 * {@code QueryFuzz --seconds 600 [--seed N]}. {@link #fuzzerTestOneInput} is the same property as a Jazzer target
 * (coverage-guided: {@code ./lampblack bench fuzz --target query} once the target is listed there).
 */
public final class QueryFuzz {

    private static final QueryFuzz TARGET = new QueryFuzz();

    /**
     * The Jazzer entry point: the input's bytes as UTF-8 (malformed sequences become U+FFFD, as a request's decoding
     * would refuse them before any parser sees them).
     *
     * @throws RuntimeException anything but a syntax error, which is the finding
     */
    public static void fuzzerTestOneInput(byte[] data) {
        TARGET.check(new String(data, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** What a run found: inputs tried, how many parsed, and the inputs that failed otherwise. */
    public record Outcome(long seed, long tried, long parsed, List<String> findings) {}

    private static final List<String> SEEDS = List.of(
            "process_name:svchost.exe",
            "path:c:\\windows\\system32\\*",
            "cmdline:\"-enc aGVsbG8=\" AND username:system",
            "ipaddr:10.0.0.0/8 OR ipv6addr:fe80::1",
            "start:[2023-01-01 TO *] -hostname:dc01",
            "netconn_count:[1 TO 10] childproc_count:5",
            "md5:0123456789abcdef0123456789abcdef",
            "-process_name:a AND (b OR c) NOT d",
            "domain:.com regmod:\\registry\\machine\\*",
            "digsig_result:Signed company_name:\"Microsoft Corporation\"",
            "alliance_score_virustotal:[10 TO *] watchlist_1:*",
            "server_added_timestamp:-24h last_update:[* TO 2024-01-01T00:00:00]",
            "filemod:temp\\evil.dll modload:kernel32.dll crossproc_type:remotethread",
            "parent_name:explorer.exe host_type:workstation group:default",
            "observed_filename:*.exe product_name:Windows* file_version:10.0.*",
            "(process_name:(a OR b) AND -(c OR d)) OR e*",
            "digsig_result_modload:Unsigned sensor_id:12 process_pid:4",
            "\"quoted phrase\" bare term 12345 1.2.3.4",
            "");

    private static final List<String> PIECES = List.of(
            " AND ",
            " OR ",
            " NOT ",
            " and ",
            " or ",
            "-",
            "+",
            "!",
            "(",
            ")",
            "\"",
            ":",
            "*",
            "?",
            "[",
            "]",
            "{",
            "}",
            " TO ",
            "\\",
            "/",
            ",",
            ".",
            "=",
            "<",
            ">",
            "~",
            "^",
            "&&",
            "||",
            " ",
            "\t",
            "\n",
            "\u0000",
            "\uD800",
            "\uDC00",
            "\uFFFF",
            "é",
            "\uD83D\uDD25",
            "-1",
            "0",
            "2147483648",
            "9223372036854775808",
            "-24h",
            "-7d",
            "2024-02-30",
            "1970-01-01T00:00:00Z",
            "255.255.255.256",
            "::",
            "/33",
            "0x10",
            "1e309",
            "NaN",
            "*:*",
            "[* TO *]",
            "{a TO b]",
            "%",
            "%zz",
            "cb.urlver=1&q=");

    private final List<String> fieldNames = new ArrayList<>();
    private final Target process;
    private final Target binary;

    /** One query language as a search sees it: its catalogue, parser and translator. */
    private record Target(FieldCatalog catalog, QueryParser parser, QueryTranslator translator) {
        static Target of(FieldCatalog catalog, QueryTranslator translator) {
            return new Target(catalog, new QueryParser(catalog), translator);
        }
    }

    public QueryFuzz() {
        Clock clock = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
        process = Target.of(ProcessSchema.INSTANCE, QueryTranslator.forProcesses(clock, false));
        binary = Target.of(
                BinarySchema.INSTANCE,
                new QueryTranslator(
                        BinarySchema.INSTANCE,
                        clock,
                        false,
                        io.lampblack.server.lucene.query.DynamicFieldResolver.unsupported(),
                        io.lampblack.server.lucene.query.PathResolver.IN_PLACE));
        for (FieldSpec f : ProcessSchema.INSTANCE.fields()) fieldNames.add(f.name());
        for (FieldSpec f : BinarySchema.INSTANCE.fields()) fieldNames.add(f.name());
    }

    /** Tries {@code inputs} inputs from {@code seed}. */
    public Outcome run(long seed, long inputs) {
        return run(seed, inputs, Long.MAX_VALUE);
    }

    /** Tries inputs from {@code seed} until {@code inputs} are tried or {@code seconds} have passed. */
    public Outcome run(long seed, long inputs, long seconds) {
        Random random = new Random(seed);
        long deadline = seconds == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        long tried = 0;
        long parsed = 0;
        List<String> findings = new ArrayList<>();
        while (tried < inputs && System.nanoTime() < deadline) {
            String input = next(random);
            tried++;
            try {
                if (check(input)) parsed++;
            } catch (RuntimeException | StackOverflowError e) {
                findings.add("seed " + seed + " input #" + tried + " " + quoted(input) + ": " + e);
            }
        }
        return new Outcome(seed, tried, parsed, findings);
    }

    /**
     * The property: true when {@code query} became a query in both languages, false when either refused it with the
     * syntax exception.
     *
     * @throws RuntimeException anything else, which is the finding
     */
    public boolean check(String query) {
        boolean both = true;
        for (Target t : List.of(process, binary)) {
            try {
                QueryNode node = t.parser.parse(query);
                QueryTerms.of(node);
                ComprehensiveRules.needsJoin(node);
                new Highlighter(node, t.catalog);
                t.translator.translate(node);
            } catch (QuerySyntaxException refused) {
                both = false;
            }
        }
        return both;
    }

    /** The next input: mostly mutated realistic queries, some spliced from pieces, a few pathological shapes. */
    String next(Random r) {
        int kind = r.nextInt(20);
        if (kind == 0) return deep(r);
        if (kind == 1) return longTerm(r);
        if (kind < 6) return spliced(r);
        StringBuilder s = new StringBuilder(SEEDS.get(r.nextInt(SEEDS.size())));
        int mutations = 1 + r.nextInt(6);
        for (int i = 0; i < mutations; i++) mutate(s, r);
        return s.toString();
    }

    private void mutate(StringBuilder s, Random r) {
        int at = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
        switch (r.nextInt(6)) {
            case 0 -> s.insert(at, piece(r));
            case 1 -> {
                if (!s.isEmpty()) s.delete(Math.min(at, s.length() - 1), Math.min(s.length(), at + 1 + r.nextInt(8)));
            }
            case 2 -> {
                if (at < s.length()) s.setCharAt(at, (char) r.nextInt(r.nextBoolean() ? 128 : 0x10000));
            }
            case 3 -> s.insert(at, fieldNames.get(r.nextInt(fieldNames.size())) + ":");
            case 4 -> {
                if (!s.isEmpty()) {
                    int from = r.nextInt(s.length());
                    s.insert(at, s.substring(from, Math.min(s.length(), from + 1 + r.nextInt(20))));
                }
            }
            default -> s.insert(at, SEEDS.get(r.nextInt(SEEDS.size())));
        }
    }

    private String spliced(Random r) {
        StringBuilder s = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0 -> s.append(fieldNames.get(r.nextInt(fieldNames.size()))).append(':');
                case 1 -> s.append(word(r));
                default -> s.append(piece(r));
            }
        }
        return s.toString();
    }

    private String piece(Random r) {
        return PIECES.get(r.nextInt(PIECES.size()));
    }

    private static String word(Random r) {
        int n = 1 + r.nextInt(8);
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < n; i++) w.append((char) ('a' + r.nextInt(26)));
        if (r.nextInt(4) == 0) w.append('*');
        return w.toString();
    }

    /** Nesting beyond the parser's depth limit, and just within it. */
    private String deep(Random r) {
        int depth = 150 + r.nextInt(5_000);
        String open = r.nextBoolean() ? "(" : "-(";
        return open.repeat(depth) + word(r) + ")".repeat(r.nextInt(depth + 1));
    }

    /** Terms and OR-lists large enough to matter: long wildcards, thousands of clauses. */
    private String longTerm(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "process_name:" + "a*".repeat(1 + r.nextInt(5_000));
            case 1 -> {
                StringBuilder s = new StringBuilder();
                int n = 1 + r.nextInt(20_000);
                for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " OR ").append(word(r));
                yield s.toString();
            }
            default -> "cmdline:\"" + "x ".repeat(1 + r.nextInt(50_000)) + "\"";
        };
    }

    private static String quoted(String input) {
        String shown = input.length() > 200 ? input.substring(0, 200) + "... (" + input.length() + " chars)" : input;
        StringBuilder s = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c > 0x7e) s.append(String.format("\\u%04x", (int) c));
            else s.append(c);
        }
        return s.append('"').toString();
    }

    /** {@code --seconds N} (60), {@code --seed S} (fresh). Exits 1 when anything was found. */
    public static void main(String[] args) {
        long seconds = 60;
        long seed = new Random().nextLong();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Outcome o = new QueryFuzz().run(seed, Long.MAX_VALUE, seconds);
        System.out.println("query fuzz: seed " + o.seed() + ", " + o.tried() + " inputs in " + seconds + " s, "
                + o.parsed() + " parsed in both languages, " + o.findings().size() + " findings");
        o.findings().forEach(System.out::println);
        if (!o.findings().isEmpty()) System.exit(1);
    }
}
