package io.lampblack.server.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a backup wrote; also kept in the backup as {@code backup.json}, by which {@link Restore} recognises one.
 *
 * @param directory where the copy is
 * @param created   when it was taken (ISO-8601, UTC)
 * @param version   the Lampblack version that took it
 * @param files     files copied
 * @param bytes     their size in all
 * @param millis    how long the copy took
 * @param database  {@code "h2"} when the embedded database is in the copy, {@code "external"} when not
 * @param notes     what the operator must know (an external database is not copied, ...)
 */
public record BackupReport(
        @JsonProperty("directory") String directory,
        @JsonProperty("created") String created,
        @JsonProperty("lampblack_version") String version,
        @JsonProperty("files") long files,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("millis") long millis,
        @JsonProperty("database") String database,
        @JsonProperty("notes") List<String> notes) {

    public static final String FILE = "backup.json";
}
