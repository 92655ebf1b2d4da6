/**
 * Backup and restore of a data directory: an online, consistent copy of a running server
 * ({@link io.lampblack.server.backup.DataDirectoryBackup}) and its return into an empty data directory
 * ({@link io.lampblack.server.backup.Restore}). The Lucene and database parts are passed in as ports, so this package
 * knows neither.
 */
package io.lampblack.server.backup;
