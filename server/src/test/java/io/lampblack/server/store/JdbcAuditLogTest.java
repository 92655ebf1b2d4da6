package io.lampblack.server.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class JdbcAuditLogTest {

    /** A database that is away is retried; one that refuses an entry (PostgreSQL and a NUL byte) is not. */
    @Test
    void connectionFailuresAreToldApartFromRefusals() {
        assertTrue(JdbcAuditLog.connectionFailure(
                new IllegalStateException("store", new SQLTransientConnectionException("pool timeout"))));
        assertTrue(JdbcAuditLog.connectionFailure(new RuntimeException(new SQLException("gone", "08006"))));
        assertFalse(JdbcAuditLog.connectionFailure(new RuntimeException(new SQLException("NUL", "22021"))));
    }
}
