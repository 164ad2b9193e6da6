package io.berth.store.sqlite;

import io.berth.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to {@code berth.db} with the settings durability depends on, and owns the schema.
 *
 * <pre>
 * kv       current state: key → value, create_rev, mod_rev
 * changes  change log for watches: (rev, seq) → key, value (NULL = delete), create_rev
 * meta     one row: the current revision and the newest revision compacted out of changes
 * </pre>
 */
final class Database {
    static final String FILE_NAME = "berth.db";
    private static final int SCHEMA_VERSION = 1;

    private final Path dataDir;
    private final String url;
    private final Duration busyTimeout;

    Database(Path dataDir, Duration busyTimeout) {
        this.dataDir = dataDir;
        this.url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
        this.busyTimeout = busyTimeout;
    }

    /** The single connection allowed to write; creates or checks the schema. */
    Connection openWriter() throws SQLException {
        Connection c = open();
        try (Statement s = c.createStatement()) {
            // WAL lets readers run beside the writer; FULL fsyncs the WAL on every commit, so a
            // commit that returned survives power loss, not only a process crash.
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("could not switch " + url + " to WAL mode");
                }
            }
            if (createSchema(s)) syncDirectory(dataDir);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A connection that refuses writes, for the read pool. */
    Connection openReader() throws SQLException {
        Connection c = open();
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only=ON");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private Connection open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // By default the driver runs an extra query after every INSERT to fetch generated keys
        // (xerial/sqlite-jdbc#1135); we never ask for them.
        config.setGetGeneratedKeys(false);
        Connection c = DriverManager.getConnection(url, config.toProperties());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=" + busyTimeout.toMillis());
            // Also governs checkpoints, which any connection may run when it is the last to close.
            s.execute("PRAGMA synchronous=FULL");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Creates the schema if the database is new; returns whether it did. */
    private static boolean createSchema(Statement s) throws SQLException {
        int version;
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > SCHEMA_VERSION) {
            throw new StoreException("berth.db has schema version " + version
                    + " but this Berth understands only up to " + SCHEMA_VERSION + "; upgrade Berth");
        }
        if (version == SCHEMA_VERSION) return false;
        s.execute("BEGIN IMMEDIATE");
        try {
            s.execute("CREATE TABLE kv (key BLOB PRIMARY KEY, value BLOB NOT NULL,"
                    + " create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL)");
            s.execute("CREATE TABLE changes (rev INTEGER NOT NULL, seq INTEGER NOT NULL, key BLOB NOT NULL,"
                    + " value BLOB, create_rev INTEGER NOT NULL, PRIMARY KEY (rev, seq))");
            s.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY CHECK (id = 0),"
                    + " revision INTEGER NOT NULL, compacted_through INTEGER NOT NULL)");
            s.execute("INSERT INTO meta (id, revision, compacted_through) VALUES (0, 0, 0)");
            s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            s.execute("COMMIT");
            return true;
        } catch (SQLException e) {
            try {
                s.execute("ROLLBACK");
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /**
     * Makes a newly created {@code berth.db} (and the directory itself) survive power loss: SQLite
     * syncs the directory after creating its WAL file, but not after creating the main database
     * file. Linux lets us fsync a directory through a read channel; where that is not allowed
     * there is nothing more we can do, so failures are ignored.
     */
    private static void syncDirectory(Path dir) {
        Path abs = dir.toAbsolutePath();
        force(abs);
        if (abs.getParent() != null) force(abs.getParent()); // in case the data directory is new too
    }

    private static void force(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform or file system
        }
    }
}
