package io.berth.store.sqlite;

import io.berth.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few platform threads, each owning one read-only connection, that run reads for callers.
 * sqlite-jdbc calls are blocking native calls that would pin a virtual thread's carrier (this
 * machine has two), so a virtual-thread caller parks on a future instead while a reader does the work.
 */
final class ReadPool {
    private static final Logger log = LoggerFactory.getLogger(ReadPool.class);

    /** One unit of read work against a connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection conn) throws SQLException;
    }

    private record Task<T>(SqlWork<T> work, CompletableFuture<T> result) {
        void runOn(Connection conn) {
            try {
                result.complete(work.run(conn));
            } catch (SQLException e) {
                result.completeExceptionally(new StoreException("read failed: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    private final WorkQueue<Task<?>> queue = new WorkQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Opens every connection up front, so a bad data directory fails {@code open}, not a later read. */
    ReadPool(Database db, int size, String namePrefix) throws SQLException {
        List<Connection> conns = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) conns.add(db.openReader());
        } catch (SQLException e) {
            for (Connection c : conns) closeQuietly(c);
            throw e;
        }
        for (int i = 0; i < size; i++) {
            Connection conn = conns.get(i);
            threads.add(Thread.ofPlatform().name(namePrefix + i).daemon(true).start(() -> serve(conn)));
        }
    }

    /**
     * Runs {@code work} on a reader and waits for it; callable from any thread.
     *
     * @throws StoreException if the pool is closed or the read failed
     */
    <T> T call(SqlWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!queue.offer(new Task<>(work, result))) throw new StoreException("store is closed");
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new StoreException("read failed", e.getCause());
        }
    }

    /** Finishes queued reads, then closes the connections. */
    void close() {
        queue.close();
        threads.forEach(Joins::joinUninterruptibly);
    }

    private void serve(Connection conn) {
        try {
            while (true) {
                List<Task<?>> tasks;
                try {
                    tasks = queue.drain(1, true);
                } catch (InterruptedException e) {
                    continue; // our own thread; only close() ends it
                }
                if (tasks == null) return;
                tasks.getFirst().runOn(conn);
            }
        } finally {
            closeQuietly(conn);
        }
    }

    private static void closeQuietly(Connection conn) {
        try {
            conn.close();
        } catch (SQLException e) {
            log.warn("closing a read connection failed", e);
        }
    }
}
