package io.lampblack.server.process;

/**
 * What every segment of a process repeats about it, whichever upload the segment came from.
 *
 * @param md5         lower-case hex of the process image MD5, "" when unknown
 * @param startMillis process create time (sensor clock) in epoch ms, or -1 when unknown
 * @param parentGuid  the parent's process GUID ("" when the parent is unknown)
 * @param parentPid   -1 when unknown
 * @param startSeen   whether the process-start event itself was received (false: metadata is partial)
 */
public record ProcessMetadata(
        String processName,
        String path,
        String cmdline,
        String md5,
        String sha256,
        int pid,
        long startMillis,
        String username,
        String uid,
        String parentGuid,
        String parentName,
        int parentPid,
        String parentMd5,
        boolean startSeen) {

    public static final String UNKNOWN = "(unknown)";

    /** File name part of a Windows or POSIX path, lower-cased as Carbon Black shows process names. */
    public static String fileName(String path) {
        if (path == null || path.isEmpty()) return "";
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(cut + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
