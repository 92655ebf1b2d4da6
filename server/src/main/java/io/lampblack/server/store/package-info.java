/**
 * The metadata database: JDBC implementations of the stores other packages declare.
 *
 * <p>In: a JDBC URL (PostgreSQL) or none (embedded H2 in the data directory), plus the calls of the
 * {@code SensorStore}, {@code UserStore} and {@code AuditLog} roles. Out: a migrated schema (Flyway, the same
 * migrations for both databases) and rows read back as the callers' records. SQL failures surface as unchecked
 * exceptions.
 */
package io.lampblack.server.store;
