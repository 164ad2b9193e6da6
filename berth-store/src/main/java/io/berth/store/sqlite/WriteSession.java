package io.berth.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The write connection and its prepared statements. Used only by the writer thread, so nothing here
 * is synchronized. Reads made through it see the batch's own uncommitted writes, which is exactly
 * what lets a later txn in a batch compare against an earlier one.
 */
final class WriteSession implements AutoCloseable {

    /** A present key's revisions. */
    record KeyRevisions(long createRevision, long modRevision) {}

    /** The meta row. */
    record Meta(long revision, long compactedThrough) {}

    private final Connection conn;
    private final Statement plain;
    private final PreparedStatement selectKey;
    private final PreparedStatement upsertKey;
    private final PreparedStatement deleteKey;
    private final PreparedStatement appendChange;
    private final PreparedStatement deleteChanges;
    private final PreparedStatement updateMeta;
    private boolean inTransaction;

    WriteSession(Connection conn) throws SQLException {
        this.conn = conn;
        this.plain = conn.createStatement();
        this.selectKey = conn.prepareStatement("SELECT create_rev, mod_rev FROM kv WHERE key = ?");
        this.upsertKey = conn.prepareStatement(
                "INSERT OR REPLACE INTO kv (key, value, create_rev, mod_rev) VALUES (?, ?, ?, ?)");
        this.deleteKey = conn.prepareStatement("DELETE FROM kv WHERE key = ?");
        this.appendChange = conn.prepareStatement(
                "INSERT INTO changes (rev, seq, key, value, create_rev) VALUES (?, ?, ?, ?, ?)");
        this.deleteChanges = conn.prepareStatement("DELETE FROM changes WHERE rev > ? AND rev <= ?");
        this.updateMeta = conn.prepareStatement("UPDATE meta SET revision = ?, compacted_through = ? WHERE id = 0");
    }

    Meta readMeta() throws SQLException {
        try (ResultSet rs = plain.executeQuery("SELECT revision, compacted_through FROM meta WHERE id = 0")) {
            if (!rs.next()) throw new SQLException("meta row is missing");
            return new Meta(rs.getLong(1), rs.getLong(2));
        }
    }

    /** Takes the write lock now rather than at the first write, so lock waits happen up front. */
    void begin() throws SQLException {
        plain.execute("BEGIN IMMEDIATE");
        inTransaction = true;
    }

    /** Commits; with synchronous=FULL this returns only after the WAL is fsynced. */
    void commit() throws SQLException {
        plain.execute("COMMIT");
        inTransaction = false;
    }

    /** Rolls back if a transaction is open; returns false if even that failed. */
    boolean rollback() {
        if (!inTransaction) return true;
        try {
            plain.execute("ROLLBACK");
            inTransaction = false;
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The key's revisions, or null when absent. */
    KeyRevisions revisionsOf(byte[] key) throws SQLException {
        selectKey.setBytes(1, key);
        try (ResultSet rs = selectKey.executeQuery()) {
            return rs.next() ? new KeyRevisions(rs.getLong(1), rs.getLong(2)) : null;
        }
    }

    void put(byte[] key, byte[] value, long createRevision, long modRevision) throws SQLException {
        upsertKey.setBytes(1, key);
        upsertKey.setBytes(2, value);
        upsertKey.setLong(3, createRevision);
        upsertKey.setLong(4, modRevision);
        upsertKey.executeUpdate();
    }

    /** Deletes the key; returns whether it was present. */
    boolean delete(byte[] key) throws SQLException {
        deleteKey.setBytes(1, key);
        return deleteKey.executeUpdate() > 0;
    }

    /** Logs one change for watches; {@code value} null records a delete. */
    void appendChange(long revision, int seq, byte[] key, byte[] value, long createRevision) throws SQLException {
        appendChange.setLong(1, revision);
        appendChange.setInt(2, seq);
        appendChange.setBytes(3, key);
        appendChange.setBytes(4, value);
        appendChange.setLong(5, createRevision);
        appendChange.executeUpdate();
    }

    /** Drops logged changes with {@code after < rev <= through}. */
    void deleteChanges(long after, long through) throws SQLException {
        deleteChanges.setLong(1, after);
        deleteChanges.setLong(2, through);
        deleteChanges.executeUpdate();
    }

    void writeMeta(long revision, long compactedThrough) throws SQLException {
        updateMeta.setLong(1, revision);
        updateMeta.setLong(2, compactedThrough);
        if (updateMeta.executeUpdate() != 1) throw new SQLException("meta row is missing");
    }

    @Override
    public void close() throws SQLException {
        rollback();
        conn.close(); // closes its statements too
    }
}
