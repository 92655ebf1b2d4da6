package io.lampblack.sensor.liveresponse;

import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A command that could not be carried out, with the Windows HRESULT Carbon Black clients decode
 * ({@code result_code}) and a description for people ({@code result_desc}).
 */
public final class CommandFailure extends Exception {

    private final long hresult;

    public CommandFailure(long hresult, String description) {
        super(description);
        this.hresult = hresult;
    }

    public long hresult() {
        return hresult;
    }

    public static CommandFailure invalid(String description) {
        return new CommandFailure(LiveResponseProtocol.E_INVALIDARG, description);
    }

    /**
     * Maps what the file system said about {@code path} to the HRESULT a Windows sensor would give: a missing file
     * whose directory exists is "file not found", a missing directory on the way "path not found", as Win32 does.
     */
    public static CommandFailure of(IOException e, Path path) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileSystemException fse && fse.getReason() != null) what = fse.getReason();
        return switch (e) {
            case NoSuchFileException x -> missing(path);
            case NotDirectoryException x ->
                new CommandFailure(
                        LiveResponseProtocol.E_PATH_NOT_FOUND, path + ": a part of the path is not a directory");
            case AccessDeniedException x ->
                new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, path + ": permission denied");
            case FileAlreadyExistsException x ->
                new CommandFailure(LiveResponseProtocol.E_ALREADY_EXISTS, path + ": already exists");
            case DirectoryNotEmptyException x ->
                new CommandFailure(LiveResponseProtocol.E_FAIL, path + ": directory not empty");
            // EPERM (an immutable file, a protected process) and EROFS refuse like EACCES does
            default ->
                what.contains("Operation not permitted") || what.contains("Read-only file system")
                        ? new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, path + ": " + what)
                        : new CommandFailure(LiveResponseProtocol.E_FAIL, path + ": " + what);
        };
    }

    /** "File not found" when the parent directory exists, else "path not found". */
    public static CommandFailure missing(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return new CommandFailure(LiveResponseProtocol.E_FILE_NOT_FOUND, path + ": no such file");
        }
        return new CommandFailure(LiveResponseProtocol.E_PATH_NOT_FOUND, path + ": no such directory: " + parent);
    }
}
