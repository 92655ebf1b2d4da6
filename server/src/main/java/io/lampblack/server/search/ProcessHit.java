package io.lampblack.server.search;

/** One segment in a search result: its stored Carbon Black document as JSON bytes. */
public record ProcessHit(String uniqueId, byte[] json) {}
