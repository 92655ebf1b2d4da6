package io.lampblack.server.search;

/**
 * How common a binary is as a process image ({@code /api/v1/process/host/count}, what cbapi's
 * {@code binary.frequency} reads).
 *
 * @param hostCount   distinct sensors that ran a process with that MD5
 * @param globalCount distinct sensors with any process in the searchable partitions
 * @param numDocs     segment documents of processes with that MD5
 */
public record ProcessFrequency(long hostCount, long globalCount, long numDocs) {
}
