package io.lampblack.server.ingress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WildcardTest {

    private static boolean m(String pattern, String text) {
        return Wildcard.of(pattern).matches(Wildcard.lower(text));
    }

    @Test
    void wholeTextCaseInsensitiveStarAndQuestionMark() {
        assertTrue(m("c:\\windows\\*", "C:\\Windows\\System32\\svchost.exe"));
        assertTrue(m("*\\svchost.exe", "c:\\windows\\system32\\SVCHOST.EXE"));
        assertFalse(m("*\\svchost.exe", "c:\\windows\\system32\\svchost.exe.bak"));
        assertTrue(m("svc?ost.exe", "svchost.exe"));
        assertFalse(m("svc?ost.exe", "svcost.exe"));
        assertTrue(m("*a*b*c*", "xxaxxbxxcxx"));
        assertFalse(m("*a*b*c", "xxaxxbxxcxx"));
        assertTrue(m("*", ""));
        assertFalse(m("a", "ab"));
        assertTrue(m("a**b", "ab"));
        assertTrue(m("*", "anything"));
        assertTrue(m("**", "x"));
        assertTrue(m("c:\\temp*", "c:\\TEMP\\x"));
        assertFalse(m("c:\\temp*", "d:\\temp"));
        assertTrue(m("*telemetry*", "eu.TELEMETRY.example"));
        assertFalse(m("*telemetry*", "eu.telemetr.example"));
        assertTrue(m("*?", "x"));
        assertFalse(m("*?", ""));
    }
}
