/**
 * Tar archives written as they stream ({@link io.lampblack.server.tar.TarWriter}, gzipped or not): a group's Linux
 * installer and a live-response session's archive are both made with it, the JDK having no tar writer.
 *
 * <p>In: nothing of the server (the JDK only), so any package may use it without creating a cycle. Out: POSIX ustar
 * that GNU tar, bsdtar and libarchive read.
 */
package io.lampblack.server.tar;
