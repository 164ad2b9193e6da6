package io.berth.store.sqlite;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning for {@link SqliteStateStore}.
 *
 * @param retainRevisions how many of the newest revisions the change log keeps for watches; older
 *     history is compacted away a little at a time by the writer
 * @param maxBatchTxns the most transactions group-committed under one SQLite commit (one fsync)
 * @param readThreads platform threads, each owning one read connection
 * @param busyTimeout how long a connection waits for a lock held by someone else before failing
 */
public record SqliteStoreOptions(int retainRevisions, int maxBatchTxns, int readThreads, Duration busyTimeout) {

    public static final int DEFAULT_RETAIN_REVISIONS = 10_000;

    public SqliteStoreOptions {
        if (retainRevisions < 1) throw new IllegalArgumentException("retainRevisions must be >= 1");
        if (maxBatchTxns < 1) throw new IllegalArgumentException("maxBatchTxns must be >= 1");
        if (readThreads < 1) throw new IllegalArgumentException("readThreads must be >= 1");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (busyTimeout.isNegative()) throw new IllegalArgumentException("busyTimeout must not be negative");
    }

    public static SqliteStoreOptions defaults() {
        return new SqliteStoreOptions(DEFAULT_RETAIN_REVISIONS, 1_000, 2, Duration.ofSeconds(5));
    }

    public SqliteStoreOptions withRetainRevisions(int revisions) {
        return new SqliteStoreOptions(revisions, maxBatchTxns, readThreads, busyTimeout);
    }

    public SqliteStoreOptions withMaxBatchTxns(int txns) {
        return new SqliteStoreOptions(retainRevisions, txns, readThreads, busyTimeout);
    }

    public SqliteStoreOptions withReadThreads(int threads) {
        return new SqliteStoreOptions(retainRevisions, maxBatchTxns, threads, busyTimeout);
    }

    public SqliteStoreOptions withBusyTimeout(Duration timeout) {
        return new SqliteStoreOptions(retainRevisions, maxBatchTxns, readThreads, timeout);
    }
}
