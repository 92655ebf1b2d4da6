package io.lampblack.server.search;

/**
 * How common a binary is as a process image ({@code /api/v1/process/host/count}, what cbapi's
 * {@code binary.frequency} reads).
 *
 * <p>As cbapi reads them ({@code FrequencyData(computer_count, process_count, all_process_count, module_frequency =
 * globalCount / numDocs)}, with its documented example {@code (1, 5, 4429, 0.0011)}):
 *
 * @param hostCount   distinct sensors that ran a process with that MD5
 * @param globalCount processes (executions) with that MD5
 * @param numDocs     all process documents (segments) in the searchable partitions
 */
public record ProcessFrequency(long hostCount, long globalCount, long numDocs) {}
