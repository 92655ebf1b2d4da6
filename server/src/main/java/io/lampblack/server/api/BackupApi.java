package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.auth.User;
import io.lampblack.server.backup.BackupReport;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code POST /api/v1/backup {"directory": "/absolute/path"}}: an online copy of the running server's data directory
 * into a directory on the server's machine (Lampblack's own route; Carbon Black has none). Global administrators
 * only: the copy holds every secret of the data directory. Answers when the copy is complete, with what it wrote.
 */
public final class BackupApi {

    private static final long MAX_BODY = 64 * 1024;

    private final Function<Path, BackupReport> backup;

    public BackupApi(Function<Path, BackupReport> backup) {
        this.backup = backup;
    }

    public void register(Router r) {
        r.route("POST", "/api/v1/backup", Router.Access.GLOBAL_ADMIN, this::backup);
    }

    private void backup(Exchange ex) {
        if (!ex.user().map(User::globalAdmin).orElse(false)) {
            throw new ApiException(403, "forbidden", "only global administrators may take backups");
        }
        JsonNode body = ex.jsonBody(MAX_BODY);
        JsonNode dir = body.path("directory");
        if (!dir.isTextual() || dir.asText().isBlank()) {
            throw ApiException.badRequest(
                    "invalid_directory", "'directory' (an absolute path on the server) is required");
        }
        Path target;
        try {
            target = Path.of(dir.asText());
        } catch (java.nio.file.InvalidPathException e) {
            throw ApiException.badRequest("invalid_directory", "'directory' is not a valid path");
        }
        ex.json(200, backup.apply(target));
    }
}
