package io.lampblack.server.search.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizersTest {

    @Test
    void pathsYieldEveryRightAnchoredSubPath() {
        assertEquals(
                List.of(
                        "c:/windows/system32/notepad.exe",
                        "windows/system32/notepad.exe",
                        "system32/notepad.exe",
                        "notepad.exe"),
                PathNormalizer.subPaths("C:\\Windows\\System32\\NOTEPAD.EXE"));
    }

    @Test
    void pathSeparatorsAreFoldedCollapsedAndTrimmed() {
        assertEquals("c:/windows/system32/ntdll.dll", PathNormalizer.normalize("c:\\windows/system32\\\\ntdll.dll"));
        assertEquals("test/blah", PathNormalizer.normalize("\\\\test\\blah\\"));
        assertEquals("usr/bin/ls", PathNormalizer.normalize("/usr/bin/ls"));
        assertEquals("", PathNormalizer.normalize("\\/\\"));
        assertEquals(List.of(), PathNormalizer.subPaths("\\"));
        assertEquals("c:/windows/*", PathNormalizer.normalize("c:\\windows\\*"));
        assertEquals("c:/program files (x86)/x.exe", PathNormalizer.normalize("c:\\program files (x86)\\x.exe"));
    }

    @Test
    void subPathHashesAreStringHashes() {
        // The writer deduplicates sub-paths by these hashes, so they must equal String.hashCode.
        List<String> mismatches = new ArrayList<>();
        PathNormalizer.forRegistry()
                .forEachSubPath("\\REGISTRY\\Machine\\System\\ControlSet002\\Services\\é\\x", (buf, off, len, hash) -> {
                    String term = new String(buf, off, len);
                    if (term.hashCode() != hash) {
                        mismatches.add(term);
                    }
                });
        assertEquals(List.of(), mismatches);
    }

    @Test
    void registryControlSetsFoldToCurrentControlSet() {
        assertEquals(
                "registry/machine/system/currentcontrolset/control/x",
                RegmodNormalizer.normalize("\\registry\\machine\\system\\ControlSet001\\control\\x"));
        assertEquals(
                "registry/machine/system/currentcontrolset",
                RegmodNormalizer.normalize("\\registry\\machine\\system\\controlset002"));
        assertEquals(
                List.of(
                        "registry/machine/system/currentcontrolset/x",
                        "machine/system/currentcontrolset/x",
                        "system/currentcontrolset/x",
                        "currentcontrolset/x",
                        "x"),
                RegmodNormalizer.subPaths("\\registry\\machine\\system\\controlset001\\x"));
        // Only whole numbered components; patterns and file paths are left alone.
        assertEquals("controlset00*/x", RegmodNormalizer.normalize("controlset00*\\x"));
        assertEquals("controlset0011/x", RegmodNormalizer.normalize("controlset0011\\x"));
        assertEquals("controlset001/x", PathNormalizer.normalize("controlset001\\x"));
    }

    @Test
    void cmdlineTokensFollowThe63Rules() {
        assertEquals(
                List.of(
                        "c:",
                        "windows",
                        "system32",
                        "rundll32.exe",
                        ".exe",
                        "/d",
                        "srrstr.dll",
                        ".dll",
                        "executescheduledsppc"),
                CmdlineTokenizer.indexTokens(
                        "\"C:\\Windows\\system32\\rundll32.exe\" /d srrstr.dll,ExecuteScheduledSPPC"));
        assertEquals(List.of("bin", "ls", "/tmp", "x"), CmdlineTokenizer.indexTokens("/bin/ls /tmp/x"));
        assertEquals(
                List.of("cmd.exe", ".exe", "/c", "net", "use", "y:", "test", "blah"),
                CmdlineTokenizer.indexTokens("cmd.exe /c net use y: \\\\test\\blah"));
        assertEquals(
                List.of("--type", "renderer", "%temp%", "$x", "a-b_c^@#!?"),
                CmdlineTokenizer.indexTokens("--type=renderer %TEMP% $x a-b_c^@#!?"));
        assertEquals(
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"),
                CmdlineTokenizer.indexTokens("a'b(c)d[e]f{g}h,i=j<k>l&m|n;o\tp"));
    }

    @Test
    void cmdlineColonsStayOnlyAsASingleTrailingColon() {
        assertEquals(List.of("c:", "a", "b", "x", "y"), CmdlineTokenizer.indexTokens("c: a:b x::y ::"));
        assertEquals(List.of("d", "e"), CmdlineTokenizer.indexTokens("d:e:"));
    }

    @Test
    void extensionTokensShareThePositionOfTheirWord() {
        List<Integer> increments = new ArrayList<>();
        new CmdlineTokenizer(CmdlineTokenizer.Mode.INDEX)
                .tokenize("a.exe b 1.2.3 .dll end.", 7, (buf, off, len, inc) -> increments.add(inc));
        // a.exe .exe b 1.2.3 .3 .dll end.
        assertEquals(List.of(7, 0, 1, 1, 0, 1, 1), increments);
    }

    @Test
    void queryValuesKeepLeadingSwitchesAndWildcardsAndAddNoExtensions() {
        assertEquals(List.of("/d"), CmdlineTokenizer.queryTokens("/d"));
        assertEquals(List.of("test", "blah"), CmdlineTokenizer.queryTokens("\\\\test\\blah"));
        assertEquals(List.of("execute*"), CmdlineTokenizer.queryTokens("Execute*"));
        assertEquals(List.of("c:", "windows", "*.exe"), CmdlineTokenizer.queryTokens("c:\\windows\\*.exe"));
        assertEquals(List.of("rundll32.exe"), CmdlineTokenizer.queryTokens("rundll32.exe"));
    }

    @Test
    void domainLabelsAreIndexedBareAndAnchored() {
        assertEquals(
                List.of("www", "www.", "carbonblack", ".carbonblack.", "com", ".com"),
                DomainTokenizer.indexTokens("WWW.CarbonBlack.com."));
        assertEquals(List.of("foo", "foo.", "com", ".com"), DomainTokenizer.indexTokens("foo.com"));
        assertEquals(List.of("localhost", "localhost.", ".localhost"), DomainTokenizer.indexTokens("localhost"));
        assertEquals(List.of("a", "a.", "b", ".b"), DomainTokenizer.indexTokens(".a..b"));
        assertEquals(List.of(), DomainTokenizer.indexTokens("..."));
    }

    @Test
    void domainQueryDotsAnchorLabels() {
        assertEquals(List.of("com"), DomainTokenizer.queryTokens("com"));
        assertEquals(List.of(".com"), DomainTokenizer.queryTokens(".com"));
        assertEquals(List.of("com."), DomainTokenizer.queryTokens("com."));
        assertEquals(List.of(".com."), DomainTokenizer.queryTokens(".com."));
        assertEquals(List.of("foo.", ".com"), DomainTokenizer.queryTokens("foo.com"));
        assertEquals(List.of("www.", ".carbonblack.", ".com"), DomainTokenizer.queryTokens("www.CarbonBlack.com"));
        assertEquals(List.of(".google.", ".com"), DomainTokenizer.queryTokens(".google.com"));
    }

    @Test
    void keywordsAreTrimmedAndFolded() {
        assertEquals("win-5ikqdnf9go1", KeywordNormalizer.normalize(FieldKind.KEYWORD, " WIN-5IKQDNF9GO1 "));
        assertEquals("processopen", KeywordNormalizer.normalize(FieldKind.CROSSPROC_TYPE, "Process_Open"));
        assertEquals("5a18f00ab9330ac7539675f3f326cf11", HashNormalizer.normalize("5A18F00AB9330AC7539675F3F326CF11"));
        assertEquals("win-5ikqdnf9go1\\alice", UsernameNormalizer.normalize("WIN-5IKQDNF9GO1\\Alice"));
    }
}
