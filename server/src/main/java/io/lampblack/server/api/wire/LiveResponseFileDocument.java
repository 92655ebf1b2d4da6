package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.liveresponse.StoredFile;

/**
 * A file of a live-response session: {@code id} (what {@code put file} names), the name it was given (shown only),
 * {@code status} 0 or the HRESULT of the command that failed to produce it, and its size and the bytes stored so far.
 */
public record LiveResponseFileDocument(
        @JsonProperty("id") long id,
        @JsonProperty("session_id") long sessionId,
        @JsonProperty("file_name") String fileName,
        @JsonProperty("status") long status,
        @JsonProperty("size") long size,
        @JsonProperty("size_uploaded") long sizeUploaded,
        @JsonProperty("delete") boolean delete) {

    public static LiveResponseFileDocument of(long sessionId, StoredFile f) {
        return new LiveResponseFileDocument(
                f.id(), sessionId, f.fileName(), f.status(), f.size(), f.sizeUploaded(), false);
    }
}
