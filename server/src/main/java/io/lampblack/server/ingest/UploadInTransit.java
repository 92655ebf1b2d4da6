package io.lampblack.server.ingest;

import java.util.List;

/** What the journal carries from intake to the pipeline with each record: the decoded upload and its follow-ups. */
public record UploadInTransit(ReceivedUpload upload, List<IngestRoute.FollowUp> followUps) {}
