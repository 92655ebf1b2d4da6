package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import java.nio.file.Path;

/**
 * Carries out one live-response command of the catalogue (reference rest_api.md §4.16) on this Linux machine and
 * answers its result fields, or a {@link CommandFailure} with the HRESULT a Windows sensor would give. Relative
 * paths are taken from the session's working directory. Registry commands are "not supported on this platform".
 */
public final class CommandExecutor {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final int sensorId;
    private final MemoryDump memoryDump;

    public CommandExecutor(int sensorId) {
        this(sensorId, new MemoryDump());
    }

    CommandExecutor(int sensorId, MemoryDump memoryDump) {
        this.sensorId = sensorId;
        this.memoryDump = memoryDump;
    }

    /**
     * Runs {@code work} (a {@link LiveResponseProtocol#COMMAND}). Interrupting the calling thread, or cancelling
     * {@code cancellation}, stops it: the caller then reports {@link LiveResponseProtocol#E_ABORT}.
     */
    public ObjectNode execute(Work work, Path cwd, SessionFiles files, Cancellation cancellation)
            throws CommandFailure, InterruptedException {
        String name = work.name() == null ? "" : work.name();
        ObjectNode result = NODES.objectNode();
        switch (name) {
            case LiveResponseProtocol.DIRECTORY_LIST -> result.set("files", DirectoryListing.list(cwd, work.object()));
            case LiveResponseProtocol.GET_FILE ->
                FileCommands.getFile(path(cwd, work), work.args(), work.fileId(), files);
            case LiveResponseProtocol.PUT_FILE ->
                FileCommands.putFile(path(cwd, work), work.fileId(), work.fileSize(), files);
            case LiveResponseProtocol.DELETE_FILE -> FileCommands.deleteFile(path(cwd, work));
            case LiveResponseProtocol.CREATE_DIRECTORY -> FileCommands.createDirectory(path(cwd, work));
            case LiveResponseProtocol.PROCESS_LIST -> result.set("processes", ProcessTable.list(sensorId));
            case LiveResponseProtocol.KILL -> ProcessCommands.kill(work.object());
            case LiveResponseProtocol.CREATE_PROCESS ->
                result = ProcessCommands.createProcess(cwd, work.object(), work.args(), cancellation);
            case LiveResponseProtocol.MEMDUMP -> memdump(cwd, work, files, cancellation);
            default -> {
                if (LiveResponseProtocol.ALL_COMMANDS.contains(name)) {
                    throw new CommandFailure(
                            LiveResponseProtocol.E_NOTIMPL,
                            name + " is not supported on this platform (Linux has no registry)");
                }
                throw new CommandFailure(LiveResponseProtocol.E_NOTIMPL, "unknown command '" + name + "'");
            }
        }
        return result;
    }

    private void memdump(Path cwd, Work work, SessionFiles files, Cancellation cancellation)
            throws CommandFailure, InterruptedException {
        Long pid = null;
        String pidArg = ProcessCommands.text(work.args(), "pid");
        if (pidArg != null) pid = ProcessCommands.pid(pidArg);
        Path written =
                memoryDump.dump(pid, path(cwd, work), ProcessCommands.flag(work.args(), "compress"), cancellation);
        if (work.fileId() != null) {
            // the server asked for the content at once as well (it may also fetch it later with "get file")
            FileCommands.upload(files, work.fileId(), written, 0, 0);
        }
    }

    private static Path path(Path cwd, Work work) throws CommandFailure {
        if (work.object() == null || work.object().isBlank()) {
            throw CommandFailure.invalid(work.name() + " needs a path");
        }
        return cwd.resolve(work.object());
    }
}
