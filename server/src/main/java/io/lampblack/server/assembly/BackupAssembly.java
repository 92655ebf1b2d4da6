package io.lampblack.server.assembly;

import io.lampblack.server.api.BackupApi;
import io.lampblack.server.api.InfoApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.backup.BackupReport;
import io.lampblack.server.backup.DataDirectoryBackup;
import io.lampblack.server.lucene.CommitCopy;
import java.nio.file.Path;

/**
 * Online backup: the data directory copied while the server runs, consistent because the ingest pipeline holds its
 * commits back meanwhile ({@link DataDirectoryBackup}); {@code POST /api/v1/backup}. After ingest, whose pipeline it
 * holds still.
 */
public final class BackupAssembly implements RestRoutes {

    private final DataDirectoryBackup backup;

    public BackupAssembly(ServerContext ctx, StoreAssembly store, IngestAssembly ingest) {
        backup = new DataDirectoryBackup(
                ctx.dataDir(),
                CommitCopy::latestCommit,
                store.database()::backupTo,
                ingest.pipeline()::withoutCommits,
                ingest.journal()::endPosition,
                ctx.clock(),
                InfoApi.LAMPBLACK_VERSION);
    }

    /** Copies the data directory into {@code target} (absolute, outside the data directory, empty or new). */
    public BackupReport backup(Path target) {
        return backup.take(target);
    }

    @Override
    public void register(Router router) {
        new BackupApi(this::backup).register(router);
    }
}
