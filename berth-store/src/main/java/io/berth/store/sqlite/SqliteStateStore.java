package io.berth.store.sqlite;

import io.berth.store.Event;
import io.berth.store.KeyValue;
import io.berth.store.StateStore;
import io.berth.store.StoreException;
import io.berth.store.Txn;
import io.berth.store.TxnResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link StateStore}: one SQLite file, {@code <dataDir>/berth.db}, in WAL mode with
 * {@code synchronous=FULL}.
 *
 * <p>Writes are group-committed by one platform writer thread ({@link BatchWriter}); reads run on a
 * small pool of platform threads with their own connections ({@link ReadPool}); each watch has its
 * own virtual delivery thread ({@link WatchStream}). Callers may be virtual threads.
 *
 * <p>On a closed store, {@code revision}, {@code get}, {@code range}, {@code watch} and
 * {@code compact} throw {@link StoreException}; {@code txnAsync} returns a future failed with it.
 * Malformed input (null or empty keys, null values, two ops on one key) throws
 * {@link IllegalArgumentException} at the call.
 */
public final class SqliteStateStore implements StateStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteStateStore.class);
    private static final AtomicLong STORES = new AtomicLong();

    private final Path dataDir;
    private final DataDirLock lock;
    private final WriteSession session;
    private final WorkQueue<WriteRequest> writes = new WorkQueue<>();
    private final BatchWriter writer;
    private final Completer completer;
    private final ReadPool readers;
    private final WatchHub hub = new WatchHub();
    private final AtomicLong watches = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String name;

    private SqliteStateStore(Path dataDir, SqliteStoreOptions options, DataDirLock lock) throws SQLException {
        this.dataDir = dataDir;
        this.lock = lock;
        this.name = "berth-store-" + STORES.incrementAndGet();
        Database db = new Database(dataDir, options.busyTimeout());
        Connection writeConn = db.openWriter();
        WriteSession ws;
        ReadPool pool;
        WriteSession.Meta meta;
        try {
            ws = new WriteSession(writeConn);
            meta = ws.readMeta();
            pool = new ReadPool(db, options.readThreads(), name + "-reader-");
        } catch (SQLException | RuntimeException e) {
            writeConn.close();
            throw e;
        }
        this.session = ws;
        this.readers = pool;
        this.completer = new Completer(name + "-completer");
        this.writer = new BatchWriter(session, meta, writes, options.maxBatchTxns(), options.retainRevisions(),
                hub, completer, name + "-writer");
        writer.start();
    }

    /** Opens (creating if needed) the store in {@code dataDir} with default options. */
    public static SqliteStateStore open(Path dataDir) {
        return open(dataDir, SqliteStoreOptions.defaults());
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}.
     *
     * @throws StoreException if the directory is in use by another open store or the database
     *     cannot be opened
     */
    public static SqliteStateStore open(Path dataDir, SqliteStoreOptions options) {
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            return new SqliteStateStore(dataDir, options, lock);
        } catch (SQLException | RuntimeException e) {
            lock.close();
            if (e instanceof StoreException se) throw se;
            throw new StoreException("cannot open store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long revision() {
        ensureOpen();
        return writer.revision(); // kept in memory, updated right after each commit returns
    }

    @Override
    public Optional<KeyValue> get(String key) {
        Keys.requireKey(key);
        ensureOpen();
        return readers.call(conn -> ReadQueries.get(conn, key));
    }

    @Override
    public List<KeyValue> range(String prefix) {
        Keys.requirePrefix(prefix);
        ensureOpen();
        return readers.call(conn -> ReadQueries.range(conn, prefix));
    }

    @Override
    public CompletableFuture<TxnResult> txnAsync(Txn txn) {
        Txn checked = TxnChecks.checked(txn);
        CompletableFuture<TxnResult> result = new CompletableFuture<>();
        if (!writes.offer(new WriteRequest.TxnRequest(checked, result))) {
            result.completeExceptionally(new StoreException("store is closed"));
        }
        return result;
    }

    @Override
    public Watch watch(String prefix, long afterRevision, Consumer<List<Event>> listener) {
        Keys.requirePrefix(prefix);
        if (afterRevision < 0) throw new IllegalArgumentException("afterRevision must be >= 0");
        if (listener == null) throw new IllegalArgumentException("listener must not be null");
        ensureOpen();
        WatchStream stream = new WatchStream(prefix, listener, hub);
        hub.register(stream); // before reading history: see WatchHub.register
        History history;
        try {
            history = readers.call(conn -> ReadQueries.history(conn, prefix, afterRevision));
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        stream.start(history, afterRevision, name + "-watch-" + watches.incrementAndGet());
        return stream;
    }

    /**
     * Drops change-log history through {@code revision} now, rather than waiting for retention;
     * afterwards a watch must start at {@code revision} or later. Blocks until done. Idempotent.
     *
     * @throws IllegalArgumentException if {@code revision} is negative or newer than {@link #revision()}
     */
    public void compact(long revision) {
        ensureOpen();
        if (revision < 0 || revision > writer.revision()) {
            throw new IllegalArgumentException("cannot compact to " + revision + "; store revision is " + writer.revision());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!writes.offer(new WriteRequest.CompactRequest(revision, done))) throw new StoreException("store is closed");
        try {
            done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    /** How many SQLite transactions the writer has committed; for tests and metrics. */
    public long batchesCommitted() {
        return writer.batchesCommitted();
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Finishes every txn already queued, then stops the writer, watches and readers and releases the
     * data directory. Idempotent; safe to call from a txn callback or a watch listener.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        writes.close();
        writer.join();
        completer.awaitIdle();
        hub.closeAll();
        readers.close();
        try {
            session.close();
        } catch (SQLException e) {
            log.warn("closing the write connection of {} failed", dataDir, e);
        }
        lock.close();
    }

    private void ensureOpen() {
        if (closed.get()) throw new StoreException("store is closed");
    }
}
