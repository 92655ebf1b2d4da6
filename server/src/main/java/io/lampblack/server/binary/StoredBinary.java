package io.lampblack.server.binary;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file that entered the binary store.
 *
 * @param size           bytes of the file itself
 * @param compressedSize bytes on disk
 */
public record StoredBinary(String md5, long size, long compressedSize, Path path, Instant stored) {}
