package io.lampblack.server.intel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Carbon Black feed document ({@code {"feedinfo": {...}, "reports": [...]}}, the cbfeeds format) as a
 * stream, handing each validated report to a sink: a feed of a million indicators is never held as a JSON tree.
 *
 * <p>Validation follows cbfeeds: {@code feedinfo} needs {@code name} (letters, digits, underscores),
 * {@code display_name}, {@code provider_url}, {@code summary}, {@code tech_data}; a report needs {@code id} (no
 * whitespace, unique in the feed), {@code timestamp} (integer epoch seconds), {@code link}, {@code title},
 * {@code score} (integer -100..100) and {@code iocs}; a query report has exactly one query of index type
 * {@code events} or {@code modules} and no other indicator. Every indicator must be well formed. The first problem
 * ends the parse with an {@link InvalidFeedException} naming where it is ({@code reports[12].iocs.md5[3]}). Unknown
 * keys are ignored, as newer feeds add some.
 */
public final class FeedParser {

    /** Receives each report as soon as it is read and valid. */
    @FunctionalInterface
    public interface ReportSink {
        void report(FeedReport report) throws InvalidFeedException;
    }

    /** What a whole document held. */
    public record Summary(FeedInfo info, long reports, long iocs) {}

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Pattern FEED_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern HAS_SPACE = Pattern.compile("\\s");

    private FeedParser() {}

    public static Summary parse(InputStream in, ReportSink sink) throws IOException, InvalidFeedException {
        try (JsonParser p = JSON.createParser(in)) {
            return document(p, sink);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending text: the document's content, which is not repeated.
            JsonLocation at = e.getLocation();
            throw new InvalidFeedException(
                    at == null ? "not JSON" : "not JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
    }

    private static Summary document(JsonParser p, ReportSink sink) throws IOException, InvalidFeedException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new InvalidFeedException("a feed is a JSON object");
        FeedInfo info = null;
        long reports = -1;
        long iocs = 0;
        Set<String> ids = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "feedinfo" -> info = feedInfo(p);
                case "reports" -> {
                    expect(p, JsonToken.START_ARRAY, "reports", "a list");
                    reports = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        String path = "reports[" + reports + "]";
                        FeedReport r = report(p, path);
                        if (!ids.add(r.id()))
                            throw new InvalidFeedException(path + ".id: repeats an earlier report's id");
                        iocs += r.iocs().count();
                        sink.report(r);
                        reports++;
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) throw new InvalidFeedException("content after the feed object");
        if (info == null) throw new InvalidFeedException("feedinfo: missing");
        if (reports < 0) throw new InvalidFeedException("reports: missing");
        return new Summary(info, reports, iocs);
    }

    private static FeedInfo feedInfo(JsonParser p) throws IOException, InvalidFeedException {
        expect(p, JsonToken.START_OBJECT, "feedinfo", "an object");
        String name = null, display = null, providerUrl = null, summary = null, tech = null;
        String category = "", icon = "", iconSmall = "", version = "";
        OptionalDouble rating = OptionalDouble.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            String path = "feedinfo." + key;
            switch (key) {
                case "name" -> name = text(p, path);
                case "display_name" -> display = text(p, path);
                case "provider_url" -> providerUrl = text(p, path);
                case "summary" -> summary = text(p, path);
                case "tech_data" -> tech = text(p, path);
                case "category" -> category = text(p, path);
                case "icon" -> icon = text(p, path);
                case "icon_small" -> iconSmall = text(p, path);
                case "version" -> version = t == JsonToken.VALUE_STRING ? p.getText() : scalar(p, path);
                case "provider_rating" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                        throw new InvalidFeedException(path + ": must be a number");
                    }
                    rating = OptionalDouble.of(p.getDoubleValue());
                }
                default -> p.skipChildren();
            }
        }
        required(name, "feedinfo.name");
        if (!FEED_NAME.matcher(name).matches()) {
            throw new InvalidFeedException(
                    "feedinfo.name: may hold only letters, digits and underscores (it becomes part of field names)");
        }
        required(display, "feedinfo.display_name");
        required(providerUrl, "feedinfo.provider_url");
        required(summary, "feedinfo.summary");
        required(tech, "feedinfo.tech_data");
        return new FeedInfo(name, display, providerUrl, summary, tech, category, icon, iconSmall, rating, version);
    }

    private static FeedReport report(JsonParser p, String at) throws IOException, InvalidFeedException {
        expect(p, JsonToken.START_OBJECT, at, "an object");
        String id = null, link = null, title = null, description = "";
        Long timestamp = null;
        Integer score = null;
        List<String> tags = List.of();
        ReportIocs iocs = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            String path = at + "." + key;
            switch (key) {
                case "id" -> id = t == JsonToken.VALUE_NUMBER_INT ? p.getText() : text(p, path);
                case "link" -> link = text(p, path);
                case "title" -> title = text(p, path);
                case "description" -> description = text(p, path);
                case "timestamp" -> timestamp = integer(p, path);
                case "score" -> {
                    long s = integer(p, path);
                    if (s < -100 || s > 100) throw new InvalidFeedException(path + ": outside -100..100");
                    score = (int) s;
                }
                case "tags" -> tags = tags(p, path);
                case "iocs" -> iocs = iocs(p, path);
                default -> p.skipChildren();
            }
        }
        required(id, at + ".id");
        if (HAS_SPACE.matcher(id).find()) throw new InvalidFeedException(at + ".id: contains whitespace");
        if (timestamp == null) throw new InvalidFeedException(at + ".timestamp: missing");
        required(link, at + ".link");
        required(title, at + ".title");
        if (score == null) throw new InvalidFeedException(at + ".score: missing");
        if (iocs == null) throw new InvalidFeedException(at + ".iocs: missing");
        return new FeedReport(id, timestamp, link, title, score, description, tags, iocs);
    }

    private static ReportIocs iocs(JsonParser p, String at) throws IOException, InvalidFeedException {
        expect(p, JsonToken.START_OBJECT, at, "an object");
        List<String> md5 = new ArrayList<>(),
                sha256 = new ArrayList<>(),
                ipv6 = new ArrayList<>(),
                dns = new ArrayList<>(),
                ja3 = new ArrayList<>(),
                ja3s = new ArrayList<>();
        List<Integer> ipv4 = new ArrayList<>();
        Optional<QueryIoc> query = Optional.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            String path = at + "." + key;
            switch (key) {
                case "md5" -> hashes(p, path, HEX32, "an MD5 (32 hex digits)", md5);
                case "sha256" -> hashes(p, path, HEX64, "a SHA-256 (64 hex digits)", sha256);
                case "ja3" -> hashes(p, path, HEX32, "a JA3 hash (32 hex digits)", ja3);
                case "ja3s" -> hashes(p, path, HEX32, "a JA3S hash (32 hex digits)", ja3s);
                case "ipv4" -> {
                    expect(p, JsonToken.START_ARRAY, path, "a list");
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++)
                        ipv4.add(ipv4(text(p, path + "[" + i + "]"), path + "[" + i + "]"));
                }
                case "ipv6" -> {
                    expect(p, JsonToken.START_ARRAY, path, "a list");
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++)
                        ipv6.add(ipv6(text(p, path + "[" + i + "]"), path + "[" + i + "]"));
                }
                case "dns" -> {
                    expect(p, JsonToken.START_ARRAY, path, "a list");
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++)
                        dns.add(domain(text(p, path + "[" + i + "]"), path + "[" + i + "]"));
                }
                case "query" -> query = Optional.of(query(p, path));
                default -> p.skipChildren();
            }
        }
        ReportIocs iocs = new ReportIocs(md5, sha256, ipv4, ipv6, dns, ja3, ja3s, query);
        if (query.isPresent() && iocs.count() > 1) {
            throw new InvalidFeedException(at + ": a report with a query cannot have other indicators");
        }
        if (iocs.count() == 0) throw new InvalidFeedException(at + ": no indicators");
        return iocs;
    }

    /**
     * The query IOC: one {@code {index_type, search_query}}, alone or as the single element of a list. The current
     * cbfeeds form gives {@code search_query} as a list of query strings; several are one query matching any of them.
     */
    private static QueryIoc query(JsonParser p, String at) throws IOException, InvalidFeedException {
        QueryIoc q;
        if (p.currentToken() == JsonToken.START_ARRAY) {
            if (p.nextToken() == JsonToken.END_ARRAY) throw new InvalidFeedException(at + ": empty");
            q = queryObject(p, at + "[0]");
            if (p.nextToken() != JsonToken.END_ARRAY)
                throw new InvalidFeedException(at + ": only one query per report");
        } else {
            q = queryObject(p, at);
        }
        return q;
    }

    private static QueryIoc queryObject(JsonParser p, String at) throws IOException, InvalidFeedException {
        expect(p, JsonToken.START_OBJECT, at, "an object");
        String type = null, search = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "index_type" -> type = text(p, at + ".index_type");
                case "search_query" ->
                    search = p.currentToken() == JsonToken.START_ARRAY
                            ? anyOf(p, at + ".search_query")
                            : text(p, at + ".search_query");
                default -> p.skipChildren();
            }
        }
        required(type, at + ".index_type");
        QueryIoc.IndexType t = QueryIoc.IndexType.of(type);
        if (t == null) throw new InvalidFeedException(at + ".index_type: neither events nor modules");
        required(search, at + ".search_query");
        if (!("&" + search).contains("&q=")) {
            throw new InvalidFeedException(at + ".search_query: no q= parameter (expected e.g. cb.urlver=1&q=...)");
        }
        return new QueryIoc(t, search);
    }

    /**
     * A list of {@code search_query} strings as one: the only one, or the {@code q} of each joined with OR (each
     * parenthesised). Queries with parameters beside {@code cb.urlver} and {@code q} ({@code cb.q.*}, facets) cannot
     * be joined and are refused when there are several.
     */
    private static String anyOf(JsonParser p, String at) throws IOException, InvalidFeedException {
        List<String> queries = new ArrayList<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) queries.add(text(p, at + "[" + i + "]"));
        if (queries.isEmpty()) throw new InvalidFeedException(at + ": empty");
        if (queries.size() == 1) return queries.getFirst();
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < queries.size(); i++) {
            java.util.Map<String, List<String>> params;
            try {
                params = io.lampblack.server.search.query.RequestParameters.form(queries.get(i));
            } catch (IllegalArgumentException e) {
                throw new InvalidFeedException(at + "[" + i + "]: not a query string (" + e.getMessage() + ")");
            }
            List<String> values = params.getOrDefault("q", List.of());
            Set<String> others = new HashSet<>(params.keySet());
            others.remove("q");
            others.remove("cb.urlver");
            if (values.size() != 1 || !others.isEmpty()) {
                throw new InvalidFeedException(at + "[" + i + "]: only cb.urlver and one q= can be joined with"
                        + " the report's other queries");
            }
            if (i > 0) q.append(" OR ");
            q.append('(').append(values.getFirst()).append(')');
        }
        return "cb.urlver=1&q=" + java.net.URLEncoder.encode(q.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void hashes(JsonParser p, String at, Pattern form, String what, List<String> out)
            throws IOException, InvalidFeedException {
        expect(p, JsonToken.START_ARRAY, at, "a list");
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            String v = text(p, at + "[" + i + "]").strip();
            if (!form.matcher(v).matches()) throw new InvalidFeedException(at + "[" + i + "]: not " + what);
            out.add(v.toLowerCase(Locale.ROOT));
        }
    }

    private static int ipv4(String v, String at) throws InvalidFeedException {
        var m = IPV4.matcher(v.strip());
        if (!m.matches()) throw new InvalidFeedException(at + ": not a dotted IPv4 address");
        int addr = 0;
        for (int g = 1; g <= 4; g++) {
            int octet = Integer.parseInt(m.group(g));
            if (octet > 255) throw new InvalidFeedException(at + ": not a dotted IPv4 address");
            addr = addr << 8 | octet;
        }
        return addr;
    }

    private static String ipv6(String v, String at) throws InvalidFeedException {
        String s = v.strip();
        // Only literal addresses: InetAddress would otherwise resolve a name.
        if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
            throw new InvalidFeedException(at + ": not an IPv6 address");
        }
        try {
            return InetAddress.getByName(s).getHostAddress();
        } catch (UnknownHostException e) {
            throw new InvalidFeedException(at + ": not an IPv6 address");
        }
    }

    private static String domain(String v, String at) throws InvalidFeedException {
        String d = v.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        if (d.isEmpty() || d.length() > 253) throw new InvalidFeedException(at + ": not a domain name");
        for (String label : d.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                throw new InvalidFeedException(at + ": not a domain name");
            }
        }
        return d;
    }

    private static List<String> tags(JsonParser p, String at) throws IOException, InvalidFeedException {
        List<String> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.START_ARRAY) {
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++)
                out.add(text(p, at + "[" + i + "]").strip());
        } else {
            for (String t : text(p, at).split(",")) if (!t.isBlank()) out.add(t.strip());
        }
        return out;
    }

    private static String text(JsonParser p, String at) throws IOException, InvalidFeedException {
        if (p.currentToken() != JsonToken.VALUE_STRING) throw new InvalidFeedException(at + ": must be a string");
        return p.getText();
    }

    private static String scalar(JsonParser p, String at) throws IOException, InvalidFeedException {
        if (!p.currentToken().isScalarValue()) throw new InvalidFeedException(at + ": must be a string or a number");
        return p.getText();
    }

    private static long integer(JsonParser p, String at) throws IOException, InvalidFeedException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
        // Some generators write whole numbers as floats (1380773388.0) or strings; both are accepted when whole.
        try {
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING) {
                double d = Double.parseDouble(p.getText().strip());
                if (d == Math.rint(d) && Math.abs(d) < 1e15) return (long) d;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new InvalidFeedException(at + ": must be an integer");
    }

    private static void expect(JsonParser p, JsonToken token, String at, String what) throws InvalidFeedException {
        if (p.currentToken() != token) throw new InvalidFeedException(at + ": must be " + what);
    }

    private static void required(String value, String at) throws InvalidFeedException {
        if (value == null || value.isBlank()) throw new InvalidFeedException(at + ": missing");
    }
}
