package io.lampblack.server.lucene.query;

import static io.lampblack.server.search.schema.ProcessFields.*;

import io.lampblack.server.lucene.schema.PathVocabulary;
import io.lampblack.server.lucene.schema.ProcessFieldWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The process segments of reference §6.1 (A–E, F1, F2), indexed through
 * {@link ProcessFieldWriter} into an in-memory index. MD5s the reference leaves unnamed
 * (MG, MU, MR, kernel32.dll's) get arbitrary distinct values.
 */
public final class ProcessFixture implements AutoCloseable {

    public static final String ID = "fixture_id";

    static final String M1 = "5a18f00ab9330ac7539675f3f326cf11";
    static final String MC = "ad7b9c14083b52bc532fba5948342b98";
    static final String MX = "0123456789abcdef0123456789abcdef";
    static final String MG = "11111111111111111111111111111111";
    static final String MU = "22222222222222222222222222222222";
    static final String MR = "33333333333333333333333333333333";
    static final String KERNEL32 = "44444444444444444444444444444444";

    private static final String H1 = "WIN-5IKQDNF9GO1";
    private static final String CHROME_PATH = "c:\\program files (x86)\\google\\chrome\\application\\chrome.exe";

    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    /** Segment documents hold whole paths; sub-path clauses resolve here, exactly as in the process index. */
    private final PathVocabulary vocabulary = new PathVocabulary(new ByteBuffersDirectory());

    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    public ProcessFixture() throws IOException {
        ProcessFieldWriter writer = new ProcessFieldWriter(vocabulary);
        try (IndexWriter index = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
            add(index, writer, "A", doc -> {
                h1(writer);
                process(
                        writer,
                        "00000003-0000-0001-01cc-c7d0b0000000",
                        "notepad.exe",
                        "c:\\windows\\system32\\notepad.exe",
                        H1 + "\\alice",
                        "notepad.exe c:\\temp\\backup.txt",
                        "explorer.exe",
                        M1,
                        "2011-12-31T10:00:00Z",
                        "2011-12-31T23:00:10Z");
                counts(writer, 34, 1, 1, 0, 0, 0);
                writer.path(MODLOAD, "c:\\windows\\system32\\kernel32.dll")
                        .md5(MODLOAD_MD5, KERNEL32)
                        .path(FILEMOD, "c:\\temp\\backup.txt")
                        .regmod(
                                "\\registry\\user\\s-1-5-21-1\\software\\microsoft\\windows\\shell\\muicache\\c:\\windows\\system32\\notepad.exe");
            });
            add(index, writer, "B", doc -> {
                h1(writer);
                process(
                        writer,
                        "00000003-0000-0002-01ce-eed0b0000000",
                        "chrome.exe",
                        CHROME_PATH,
                        H1 + "\\bob",
                        "\"C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer",
                        "explorer.exe",
                        MG,
                        "2013-12-01T22:15:00Z",
                        "2013-12-02T00:00:00Z");
                counts(writer, 0, 0, 0, 12, 1, 0);
                netconn(writer, "www.carbonblack.com", "192.168.1.10", 443);
                netconn(writer, "foo.com.au", "10.0.1.1", 80);
                writer.keyword(CHILDPROC_NAME, "cmd.exe").md5(CHILDPROC_MD5, MC);
            });
            add(index, writer, "C", doc -> {
                h1(writer);
                process(
                        writer,
                        "00000003-0000-0003-01d2-4b0e40000000",
                        "googleupdate.exe",
                        "c:\\program files (x86)\\google\\update\\googleupdate.exe",
                        "SYSTEM",
                        "\"c:\\program files (x86)\\google\\update\\googleupdate.exe\" /svc",
                        "services.exe",
                        MU,
                        "2016-12-01T08:00:00Z",
                        "2016-12-01T09:00:00Z");
                counts(writer, 0, 0, 1, 1, 0, 0);
                netconn(writer, "foo.com", "127.0.0.1", 443);
                writer.regmod("\\registry\\machine\\system\\controlset001\\control\\deviceclasses\\"
                        + "{53f56307-b6bf-11d0-94f2-00a0c91efb8b}\\x");
            });
            add(index, writer, "D", doc -> {
                h1(writer);
                process(
                        writer,
                        "00000003-0000-0004-01d2-4b0e40000001",
                        "cmd.exe",
                        "c:\\windows\\system32\\cmd.exe",
                        H1 + "\\mallory",
                        "cmd.exe /c net use y: \\\\test\\blah",
                        "chrome.exe",
                        MC,
                        "2016-12-01T22:15:00Z",
                        "2016-12-01T22:30:00Z");
                writer.md5(PARENT_MD5, MG);
                counts(writer, 0, 1, 0, 1, 1, 1);
                writer.path(FILEMOD, "c:\\users\\mallory\\appdata\\local\\temp\\evil.dll")
                        .md5(FILEWRITE_MD5, MX);
                writer.ipv6(IPV6ADDR, address("fe00:b9:266:2011:28dc:43d4:3298:12e2"))
                        .integer(IPPORT, 443);
                writer.keyword(CROSSPROC_TYPE, "remotethread").keyword(CROSSPROC_NAME, "lsass.exe");
                writer.keyword(CHILDPROC_NAME, "net.exe");
            });
            add(index, writer, "E", doc -> {
                writer.keyword(HOSTNAME, "DC01")
                        .keyword(GROUP, "Domain Controllers")
                        .keyword(HOST_TYPE, "domain_controller")
                        .longValue(SENSOR_ID, 17)
                        .keyword(OS_TYPE, "windows");
                process(
                        writer,
                        "00000011-0000-0005-01d2-4c3a00000000",
                        "rundll32.exe",
                        "c:\\windows\\system32\\rundll32.exe",
                        "SYSTEM",
                        "\"C:\\Windows\\system32\\rundll32.exe\" /d srrstr.dll,ExecuteScheduledSPPC",
                        "services.exe",
                        MR,
                        "2016-12-02T01:00:00Z",
                        "2016-12-02T01:05:00Z");
                counts(writer, 20, 0, 0, 0, 0, 0);
                writer.path(MODLOAD, "c:\\users\\mallory\\appdata\\local\\temp\\evil.dll")
                        .md5(MODLOAD_MD5, MX);
            });
            for (String segment : List.of("F1", "F2")) {
                add(index, writer, segment, doc -> {
                    h1(writer);
                    process(
                            writer,
                            "00000003-0000-0006-01d2-4b0e40000002",
                            "chrome.exe",
                            CHROME_PATH,
                            H1 + "\\bob",
                            "chrome.exe",
                            "explorer.exe",
                            MG,
                            "2016-11-30T09:00:00Z",
                            segment.equals("F1") ? "2016-11-30T09:05:00Z" : "2016-11-30T12:00:00Z");
                    counts(writer, 0, 0, 0, 1, 0, 0);
                    if (segment.equals("F1")) {
                        netconn(writer, "www.google.com", "8.8.8.8", 443);
                    } else {
                        netconn(writer, "www.bing.com", "13.107.21.200", 443);
                    }
                });
            }
        }
        vocabulary.refresh();
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
    }

    public PathResolver paths() {
        return (field, query) -> vocabulary.resolve(field, query, 1_000_000).orElseThrow();
    }

    private interface Filler {
        void fill(Document doc) throws IOException;
    }

    private static void add(IndexWriter index, ProcessFieldWriter writer, String id, Filler filler) throws IOException {
        Document doc = new Document();
        writer.reset(doc);
        filler.fill(doc);
        doc.add(new StringField(ID, id, Field.Store.YES));
        index.addDocument(doc);
    }

    private static void h1(ProcessFieldWriter writer) {
        writer.keyword(HOSTNAME, H1)
                .keyword(GROUP, "Default Group")
                .keyword(HOST_TYPE, "workstation")
                .longValue(SENSOR_ID, 3)
                .keyword(OS_TYPE, "windows");
    }

    private static void process(
            ProcessFieldWriter writer,
            String guid,
            String name,
            String path,
            String user,
            String cmdline,
            String parent,
            String md5,
            String start,
            String lastServerUpdate) {
        writer.guid(PROCESS_ID, guid)
                .keyword(PROCESS_NAME, name)
                .path(PATH, path)
                .username(user)
                .cmdline(cmdline)
                .keyword(PARENT_NAME, parent)
                .md5(PROCESS_MD5, md5)
                .datetime(START, Instant.parse(start).toEpochMilli())
                .datetime(LAST_UPDATE, Instant.parse(lastServerUpdate).toEpochMilli())
                .datetime(LAST_SERVER_UPDATE, Instant.parse(lastServerUpdate).toEpochMilli())
                .bool(TERMINATED, false);
    }

    private static void counts(
            ProcessFieldWriter writer,
            int modloads,
            int filemods,
            int regmods,
            int netconns,
            int childprocs,
            int crossprocs) {
        writer.count(MODLOAD_COUNT, modloads)
                .count(FILEMOD_COUNT, filemods)
                .count(REGMOD_COUNT, regmods)
                .count(NETCONN_COUNT, netconns)
                .count(CHILDPROC_COUNT, childprocs)
                .count(CROSSPROC_COUNT, crossprocs);
    }

    private static void netconn(ProcessFieldWriter writer, String domain, String ipv4, int port) {
        writer.domain(domain).ipv4(IPADDR, AddressQueries.ipv4(ipv4, "fixture")).integer(IPPORT, port);
    }

    private static InetAddress address(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    /** The fixture ids of the documents the query matches, sorted. */
    public Set<String> ids(Query query) throws IOException {
        Set<String> ids = new TreeSet<>();
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc hit : searcher.search(query, 100).scoreDocs) {
            ids.add(stored.document(hit.doc).get(ID));
        }
        return ids;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        vocabulary.close();
    }
}
