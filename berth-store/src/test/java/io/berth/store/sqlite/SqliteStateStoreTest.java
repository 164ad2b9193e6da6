package io.berth.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.store.Await;
import io.berth.store.CompactedException;
import io.berth.store.StateStore;
import io.berth.store.StateStoreContract;
import io.berth.store.StoreException;
import io.berth.store.Txn;
import io.berth.store.TxnResult;
import io.berth.store.WatchRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends StateStoreContract {
    @TempDir
    Path tmp;

    private Path dataDir;
    private int opened;

    @Override
    protected StateStore newStore() {
        dataDir = tmp.resolve("store-" + opened++);
        return SqliteStateStore.open(dataDir);
    }

    @Override
    protected StateStore reopenStore() {
        return SqliteStateStore.open(dataDir);
    }

    @Override
    protected void compact(StateStore store, long revision) {
        ((SqliteStateStore) store).compact(revision);
    }

    private SqliteStateStore sqlite() {
        return (SqliteStateStore) store;
    }

    @Test
    void concurrentTxnsShareCommits() throws Exception {
        int writers = 32;
        int txnsEach = 25;
        long before = sqlite().batchesCommitted();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < writers; t++) {
                int me = t;
                pool.submit(() -> {
                    for (int i = 0; i < txnsEach; i++) store.txn(Txn.builder().put("g/" + me + "/" + i, "v").build());
                    return null;
                });
            }
        }
        long batches = sqlite().batchesCommitted() - before;

        assertThat(store.revision()).isEqualTo(writers * txnsEach);
        assertThat(batches).as("SQLite commits for %d txns", writers * txnsEach).isLessThan(writers * txnsEach / 4);
    }

    @Test
    void laterTxnInABatchSeesTheEarlierOnesWrites() {
        // Queued back to back from one thread, so they are applied in this order, usually in one batch.
        List<CompletableFuture<TxnResult>> claims = new ArrayList<>();
        for (int i = 0; i < 50; i++) claims.add(store.txnAsync(Txn.builder().ifAbsent("leader").put("leader", "c" + i).build()));

        TxnResult first = claims.getFirst().join();
        assertThat(first.succeeded()).isTrue();
        for (CompletableFuture<TxnResult> c : claims.subList(1, claims.size())) {
            assertThat(c.join().succeeded()).isFalse();
            assertThat(c.join().revision()).isEqualTo(first.revision());
        }
        assertThat(store.get("leader").orElseThrow().valueAsString()).isEqualTo("c0");
    }

    @Test
    void closeFinishesEveryQueuedTxn() {
        List<CompletableFuture<TxnResult>> pending = new ArrayList<>();
        for (int i = 0; i < 300; i++) pending.add(store.txnAsync(Txn.builder().put("q/" + i, "v").build()));
        store.close();

        assertThat(pending).allSatisfy(f -> assertThat(f).isCompletedWithValueMatching(TxnResult::succeeded));
    }

    @Test
    void aFailedCommitFailsTheWholeBatchAndAppliesNothing() throws Exception {
        store.close();
        store = SqliteStateStore.open(dataDir, SqliteStoreOptions.defaults().withBusyTimeout(Duration.ofMillis(50)));
        long before = put("a", "1");

        // Another connection holding SQLite's write lock makes the writer's BEGIN fail with SQLITE_BUSY:
        // a real error from the database, no test hook.
        try (Connection intruder = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("berth.db"));
             Statement s = intruder.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            CompletableFuture<TxnResult> multi = store.txnAsync(Txn.builder().put("b", "2").put("c", "3").build());
            CompletableFuture<TxnResult> single = store.txnAsync(Txn.builder().put("d", "4").build());

            for (CompletableFuture<TxnResult> f : List.of(multi, single)) {
                assertThat(f).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(StoreException.class);
            }
            s.execute("ROLLBACK");
        }

        assertThat(store.revision()).isEqualTo(before);
        assertThat(store.range("")).extracting(kv -> kv.key()).containsExactly("a");
        assertThat(put("e", "5")).as("the store recovers once the lock is gone").isEqualTo(before + 1);
    }

    @Test
    void oneDataDirectoryServesOneStore() {
        assertThatThrownBy(() -> SqliteStateStore.open(dataDir))
                .isInstanceOf(StoreException.class).hasMessageContaining("in use");
        assertThat(Files.exists(dataDir.resolve("berth.db"))).isTrue();
    }

    @Test
    void retentionCompactsOldHistoryButKeepsTheNewest() {
        store.close();
        store = SqliteStateStore.open(dataDir, SqliteStoreOptions.defaults().withRetainRevisions(10));
        for (int i = 0; i < 60; i++) put("r/" + i, "v");
        long revision = store.revision();

        Await.until(WAIT, "old history to be compacted", () -> compacted(revision - 20));
        WatchRecorder rec = new WatchRecorder();
        try (StateStore.Watch w = store.watch("r/", revision - 10, rec)) {
            rec.awaitEvents(10, WAIT);
        }
    }

    @Test
    void compactionSurvivesReopen() {
        for (int i = 0; i < 10; i++) put("k" + i, "v");
        sqlite().compact(6);
        sqlite().compact(3); // already gone: a no-op
        store.close();

        store = reopenStore();
        assertThatThrownBy(() -> store.watch("", 5, new WatchRecorder())).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> sqlite().compact(store.revision() + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.range("")).hasSize(10);
    }

    private boolean compacted(long afterRevision) {
        try {
            store.watch("", afterRevision, new WatchRecorder()).close();
            return false;
        } catch (CompactedException e) {
            return true;
        }
    }
}
