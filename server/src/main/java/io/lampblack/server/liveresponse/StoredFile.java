package io.lampblack.server.liveresponse;

/**
 * A file in a session's store: uploaded by an analyst (for {@code put file}) or by the sensor (the content of a
 * {@code get file} or {@code memdump}). Its name is what the client or the command called it, shown and never used as
 * a path: the content lies under its id.
 *
 * @param status       0, or the HRESULT of the command that was to produce it and failed
 * @param size         the content's length once complete (the expected length before, when known, else 0)
 * @param sizeUploaded the bytes stored so far
 * @param complete     whether the whole content is stored
 */
public record StoredFile(long id, String fileName, long status, long size, long sizeUploaded, boolean complete) {

    StoredFile completed(long length) {
        return new StoredFile(id, fileName, 0, length, length, true);
    }

    StoredFile renamed(String name) {
        return new StoredFile(id, name, status, size, sizeUploaded, complete);
    }

    StoredFile failed(long hresult) {
        return new StoredFile(id, fileName, hresult, size, sizeUploaded, complete);
    }
}
