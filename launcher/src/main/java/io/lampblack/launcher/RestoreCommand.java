package io.lampblack.launcher;

import io.lampblack.server.backup.BackupRefused;
import io.lampblack.server.backup.BackupReport;
import io.lampblack.server.backup.Restore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack restore}: a backup back into an empty data directory (no server running on it). */
@Command(
        name = "restore",
        description = {
            "Bring a backup back into an empty (or new) data directory.",
            "Refuses a directory that holds anything. Then start './lampblack server --data DIR': it replays the"
                    + " journal tail the backup holds, as after a crash."
        })
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The backup ('backup --to').")
    Path from;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data directory to create.")
    Path data;

    @Override
    public Integer call() throws Exception {
        Restore.Restored restored;
        try {
            restored = Restore.restore(from, data);
        } catch (BackupRefused e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        BackupReport r = restored.report();
        // What was copied here, not what the backup's report claims it holds.
        System.out.println("restored the backup of " + r.created() + " (" + restored.files() + " files, "
                + restored.bytes() + " bytes) into " + data);
        if (!"h2".equals(r.database())) {
            System.out.println("  note: the database was external; restore it with its own tools and start with the"
                    + " same --db");
        }
        return 0;
    }
}
