package io.berth.store.sqlite;

import io.berth.store.CompactedException;
import io.berth.store.Event;
import io.berth.store.KeyValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL behind get, range and a watch's history; runs on a read-pool connection. */
final class ReadQueries {
    private static final byte[] NO_VALUE = new byte[0];

    private ReadQueries() {}

    static Optional<KeyValue> get(Connection conn, String key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value, create_rev, mod_rev FROM kv WHERE key = ?")) {
            ps.setBytes(1, Keys.encode(key));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new KeyValue(key, rs.getBytes(1), rs.getLong(2), rs.getLong(3))) : Optional.empty();
            }
        }
    }

    static List<KeyValue> range(Connection conn, String prefix) throws SQLException {
        KeyRange range = KeyRange.of(prefix);
        String sql = "SELECT key, value, create_rev, mod_rev FROM kv WHERE " + range.where() + " ORDER BY key";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            range.bind(ps, 1);
            List<KeyValue> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyValue(Keys.decode(rs.getBytes(1)), rs.getBytes(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            return out;
        }
    }

    /**
     * Every logged change under {@code prefix} after {@code afterRevision}, with the revision it was
     * read at. One read transaction, so compaction cannot remove rows between the check and the read.
     *
     * @throws CompactedException if changes right after {@code afterRevision} are already compacted
     */
    static History history(Connection conn, String prefix, long afterRevision) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("BEGIN");
            try {
                return historyInTransaction(conn, s, prefix, afterRevision);
            } finally {
                // Ending the read transaction matters: an open one pins an old snapshot and stops
                // checkpoints from shrinking the WAL.
                s.execute("COMMIT");
            }
        }
    }

    private static History historyInTransaction(Connection conn, Statement s, String prefix, long afterRevision)
            throws SQLException {
        long revision;
        long compactedThrough;
        try (ResultSet rs = s.executeQuery("SELECT revision, compacted_through FROM meta WHERE id = 0")) {
            if (!rs.next()) throw new SQLException("meta row is missing");
            revision = rs.getLong(1);
            compactedThrough = rs.getLong(2);
        }
        if (afterRevision < compactedThrough) throw new CompactedException(afterRevision + 1, compactedThrough + 1);
        KeyRange range = KeyRange.of(prefix);
        String sql = "SELECT rev, key, value, create_rev FROM changes WHERE rev > ? AND " + range.where()
                + " ORDER BY rev, seq";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, afterRevision);
            range.bind(ps, 2);
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) events.add(toEvent(rs));
            }
            return new History(revision, events);
        }
    }

    private static Event toEvent(ResultSet rs) throws SQLException {
        long rev = rs.getLong(1);
        String key = Keys.decode(rs.getBytes(2));
        byte[] value = rs.getBytes(3);
        return value == null
                ? new Event(Event.Type.DELETE, new KeyValue(key, NO_VALUE, 0, rev))
                : new Event(Event.Type.PUT, new KeyValue(key, value, rs.getLong(4), rev));
    }
}
