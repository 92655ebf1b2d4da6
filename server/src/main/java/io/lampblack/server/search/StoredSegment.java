package io.lampblack.server.search;

/** A segment read back for the process and event endpoints: its document and its raw framed events. */
public record StoredSegment(String uniqueId, long segmentId, byte[] json, byte[] events) {}
