package io.lampblack.server.intel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The one origin rule where feed credentials may go (redirects and a changed feed_url alike). */
class FeedSourceTest {

    private static boolean same(String a, String b) {
        return FeedSource.sameOrigin(URI.create(a), URI.create(b));
    }

    @Test
    void aMissingPortIsTheSchemesDefault() {
        assertTrue(same("https://intel.example/a.json", "https://intel.example:443/b.json"));
        assertTrue(same("http://intel.example:80/a", "HTTP://Intel.Example/b"));
        assertFalse(same("https://intel.example/a", "https://intel.example:8443/a"));
        assertFalse(same("http://intel.example/a", "https://intel.example/a"));
        assertFalse(same("http://intel.example:443/a", "https://intel.example/a"));
        assertFalse(same("https://intel.example/a", "https://other.example/a"));
    }
}
