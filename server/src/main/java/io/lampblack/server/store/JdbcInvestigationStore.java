package io.lampblack.server.store;

import io.lampblack.server.investigation.Investigation;
import io.lampblack.server.investigation.InvestigationStore;
import io.lampblack.server.investigation.TaggedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Investigations and tagged events in the metadata database (tables {@code investigation}, {@code tagged_event}). */
public final class JdbcInvestigationStore implements InvestigationStore {

    private static final String INVESTIGATION =
            "select id, name, notes, date_started, last_updated, created_by from investigation";
    private static final String EVENT = "select id, investigation_id, event_type, event_id, event_data, unique_id,"
            + " segment_id, process_id, sensor_id, start_date, date_tagged, tagged_by, notes from tagged_event";
    private static final String INSERT_EVENT = "insert into tagged_event (investigation_id, event_type, event_id,"
            + " event_data, unique_id, segment_id, process_id, sensor_id, start_date, date_tagged, tagged_by, notes)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Jdbc jdbc;
    private final DataSource ds;

    public JdbcInvestigationStore(Database db) {
        this.ds = db.dataSource();
        this.jdbc = new Jdbc(ds);
    }

    @Override
    public List<Investigation> investigations() {
        return jdbc.query(INVESTIGATION + " order by id", JdbcInvestigationStore::investigation);
    }

    @Override
    public Optional<Investigation> investigation(long id) {
        return jdbc.one(INVESTIGATION + " where id = ?", JdbcInvestigationStore::investigation, id);
    }

    @Override
    public Investigation create(Investigation d) {
        long id = jdbc.insert(
                "insert into investigation (name, notes, date_started, last_updated, created_by)"
                        + " values (?, ?, ?, ?, ?)",
                "id",
                d.name(),
                d.notes(),
                d.dateStarted(),
                d.lastUpdated(),
                d.createdBy());
        return new Investigation(id, d.name(), d.notes(), d.dateStarted(), d.lastUpdated(), d.createdBy());
    }

    @Override
    public boolean update(Investigation c) {
        return jdbc.update(
                        "update investigation set name = ?, notes = ?, last_updated = ? where id = ?",
                        c.name(),
                        c.notes(),
                        c.lastUpdated(),
                        c.id())
                > 0;
    }

    @Override
    public boolean delete(long id) {
        // The foreign key cascades to the investigation's tagged events in the same statement.
        return jdbc.update("delete from investigation where id = ?", id) > 0;
    }

    @Override
    public List<TaggedEvent> eventsOf(long investigationId) {
        return jdbc.query(
                EVENT + " where investigation_id = ? order by id", JdbcInvestigationStore::event, investigationId);
    }

    @Override
    public List<TaggedEvent> eventsOfProcess(String processId) {
        return jdbc.query(EVENT + " where process_id = ? order by id", JdbcInvestigationStore::event, processId);
    }

    @Override
    public Optional<TaggedEvent> event(long id) {
        return jdbc.one(EVENT + " where id = ?", JdbcInvestigationStore::event, id);
    }

    @Override
    public long tag(TaggedEvent e) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id = insertEvent(c, e);
                try (PreparedStatement ps =
                        c.prepareStatement("update investigation set last_updated = ? where id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(e.dateTagged()));
                    ps.setLong(2, e.investigationId());
                    ps.executeUpdate();
                }
                c.commit();
                return id;
            } catch (SQLException | RuntimeException failure) {
                c.rollback();
                throw failure;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException failure) {
            throw new Jdbc.StoreException(INSERT_EVENT, failure);
        }
    }

    private static long insertEvent(Connection c, TaggedEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT, new String[] {"id"})) {
            ps.setLong(1, e.investigationId());
            ps.setString(2, e.eventType());
            ps.setString(3, e.eventId());
            ps.setString(4, e.eventData());
            ps.setString(5, e.uniqueId());
            ps.setLong(6, e.segmentId());
            ps.setString(7, e.processId());
            ps.setInt(8, e.sensorId());
            ps.setString(9, e.startDate());
            ps.setTimestamp(10, Timestamp.from(e.dateTagged()));
            ps.setString(11, e.taggedBy());
            ps.setString(12, e.notes());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) throw new SQLException("no generated key");
                return rs.getLong(1);
            }
        }
    }

    @Override
    public boolean update(TaggedEvent e) {
        return jdbc.update(
                        "update tagged_event set start_date = ?, event_data = ?, notes = ? where id = ?",
                        e.startDate(),
                        e.eventData(),
                        e.notes(),
                        e.id())
                > 0;
    }

    @Override
    public boolean untag(long id) {
        return jdbc.update("delete from tagged_event where id = ?", id) > 0;
    }

    private static Investigation investigation(ResultSet rs) throws SQLException {
        return new Investigation(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("notes"),
                rs.getTimestamp("date_started").toInstant(),
                rs.getTimestamp("last_updated").toInstant(),
                rs.getString("created_by"));
    }

    private static TaggedEvent event(ResultSet rs) throws SQLException {
        return new TaggedEvent(
                rs.getLong("id"),
                rs.getLong("investigation_id"),
                rs.getString("event_type"),
                rs.getString("event_id"),
                rs.getString("event_data"),
                rs.getString("unique_id"),
                rs.getLong("segment_id"),
                rs.getString("process_id"),
                rs.getInt("sensor_id"),
                rs.getString("start_date"),
                rs.getTimestamp("date_tagged").toInstant(),
                rs.getString("tagged_by"),
                rs.getString("notes"));
    }
}
