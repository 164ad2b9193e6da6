package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do. An implementation's test extends this and supplies the
 * hooks; the embedded SQLite store and the etcd store both run it.
 */
public abstract class StateStoreContract {
    protected static final Duration WAIT = Duration.ofSeconds(10);

    protected StateStore store;

    /** A new, empty store. Called before each test; the test closes it. */
    protected abstract StateStore newStore();

    /** Another store over the same data as the last {@link #newStore()}, which the test has closed. */
    protected abstract StateStore reopenStore();

    /** Drops change history through {@code revision}, so watches must start at it or later. */
    protected abstract void compact(StateStore store, long revision);

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    // ---- get / put / delete / range -------------------------------------------------------

    @Test
    void putThenGetReturnsTheValueWithItsRevisions() {
        TxnResult r = store.txn(Txn.builder().put("a", "1").build());

        assertThat(r.succeeded()).isTrue();
        KeyValue kv = store.get("a").orElseThrow();
        assertThat(kv.valueAsString()).isEqualTo("1");
        assertThat(kv.createRevision()).isEqualTo(r.revision());
        assertThat(kv.modRevision()).isEqualTo(r.revision());
    }

    @Test
    void missingKeyIsEmpty() {
        assertThat(store.get("nope")).isEmpty();
        assertThat(store.range("nope/")).isEmpty();
    }

    @Test
    void deleteRemovesTheKey() {
        put("a", "1");
        TxnResult r = store.txn(Txn.builder().delete("a").build());

        assertThat(r.succeeded()).isTrue();
        assertThat(store.get("a")).isEmpty();
    }

    @Test
    void deletingAnAbsentKeySucceedsAndChangesNothing() {
        put("a", "1");
        TxnResult r = store.txn(Txn.builder().delete("ghost").build());

        assertThat(r.succeeded()).isTrue();
        assertThat(store.range("")).extracting(KeyValue::key).containsExactly("a");
    }

    @Test
    void rangeReturnsOnlyThePrefixInAscendingKeyOrder() {
        for (String k : List.of("b/2", "a/3", "a/1", "a", "a0", "b/1", "a/2/x", "a/")) put(k, k);

        assertThat(store.range("a/")).extracting(KeyValue::key).containsExactly("a/", "a/1", "a/2/x", "a/3");
        assertThat(store.range("b/")).extracting(KeyValue::key).containsExactly("b/1", "b/2");
        assertThat(store.range("")).extracting(KeyValue::key)
                .containsExactly("a", "a/", "a/1", "a/2/x", "a/3", "a0", "b/1", "b/2");
    }

    @Test
    void rangeOrdersByUtf8BytesAndHandlesNonAsciiPrefixes() {
        for (String k : List.of("k/\uD83D\uDE00", "k/\uFFFD", "k/z", "k/é", "ké/1")) put(k, "v");

        // UTF-8 byte order, as in etcd: 'z' < 'é' (C3 A9) < U+FFFD (EF BF BD) < U+1F600 (F0 9F 98 80)
        assertThat(store.range("k/")).extracting(KeyValue::key)
                .containsExactly("k/z", "k/é", "k/\uFFFD", "k/\uD83D\uDE00");
        assertThat(store.range("ké")).extracting(KeyValue::key).containsExactly("ké/1");
    }

    @Test
    void binaryValuesRoundTripAndCallerArraysAreCopied() {
        byte[] value = {0, 1, (byte) 0xFF, (byte) 0x80, 0};
        CompletableFuture<TxnResult> f = store.txnAsync(Txn.builder().put("bin", value).build());
        value[0] = 42; // must not leak into the store, whether or not the txn has run yet
        f.join();

        assertThat(store.get("bin").orElseThrow().value()).containsExactly(0, 1, (byte) 0xFF, (byte) 0x80, 0);
    }

    // ---- revisions -----------------------------------------------------------------------

    @Test
    void revisionStartsAtZeroAndGrowsByOnePerSuccessfulTxn() {
        assertThat(store.revision()).isZero();

        long r1 = store.txn(Txn.builder().put("a", "1").put("b", "1").build()).revision();
        TxnResult failed = store.txn(Txn.builder().ifAbsent("a").put("a", "2").build());
        long r2 = store.txn(Txn.builder().put("a", "2").delete("b").build()).revision();

        assertThat(r1).isEqualTo(1);
        assertThat(failed.succeeded()).isFalse();
        assertThat(r2).isEqualTo(2);
        assertThat(store.revision()).isEqualTo(2);
    }

    @Test
    void createRevisionSurvivesUpdatesAndResetsAfterDelete() {
        long created = put("k", "1");
        long updated = put("k", "2");

        KeyValue kv = store.get("k").orElseThrow();
        assertThat(kv.createRevision()).isEqualTo(created);
        assertThat(kv.modRevision()).isEqualTo(updated).isGreaterThan(created);

        store.txn(Txn.builder().delete("k").build());
        long recreated = put("k", "3");
        assertThat(store.get("k").orElseThrow().createRevision()).isEqualTo(recreated);
    }

    // ---- compare-and-set -------------------------------------------------------------------

    @Test
    void ifAbsentSucceedsOnlyWhileTheKeyIsAbsent() {
        TxnResult first = store.txn(Txn.builder().ifAbsent("lock").put("lock", "me").build());
        TxnResult second = store.txn(Txn.builder().ifAbsent("lock").put("lock", "you").build());

        assertThat(first.succeeded()).isTrue();
        assertThat(second.succeeded()).isFalse();
        assertThat(second.revision()).as("a failed txn reports the revision it was evaluated at")
                .isEqualTo(first.revision());
        assertThat(store.get("lock").orElseThrow().valueAsString()).isEqualTo("me");
    }

    @Test
    void ifModRevisionSucceedsOnlyAgainstTheCurrentModRevision() {
        long v1 = put("cfg", "1");
        long v2 = store.txn(Txn.builder().ifModRevision("cfg", v1).put("cfg", "2").build()).revision();
        TxnResult stale = store.txn(Txn.builder().ifModRevision("cfg", v1).put("cfg", "stale").build());
        TxnResult absent = store.txn(Txn.builder().ifModRevision("other", v2).put("other", "x").build());

        assertThat(v2).isEqualTo(v1 + 1);
        assertThat(stale.succeeded()).isFalse();
        assertThat(absent.succeeded()).isFalse();
        assertThat(store.get("cfg").orElseThrow().valueAsString()).isEqualTo("2");
        assertThat(store.get("other")).isEmpty();
        assertThat(store.revision()).isEqualTo(v2);
    }

    @Test
    void multiOpTxnAppliesAllOrNothing() {
        long base = put("c", "old");
        Txn txn = Txn.builder().ifModRevision("c", base).ifAbsent("a")
                .put("a", "1").put("b", "2").delete("c").build();

        TxnResult ok = store.txn(txn);
        assertThat(ok.succeeded()).isTrue();
        assertThat(store.range("")).extracting(KeyValue::key, KeyValue::modRevision)
                .containsExactly(tuple("a", ok.revision()),
                        tuple("b", ok.revision()));

        TxnResult again = store.txn(txn); // "a" now exists: nothing of it may apply
        assertThat(again.succeeded()).isFalse();
        assertThat(store.range("")).extracting(KeyValue::modRevision).containsOnly(ok.revision());
        assertThat(store.revision()).isEqualTo(ok.revision());
    }

    @Test
    void concurrentCasRacesHaveExactlyOneWinner() throws Exception {
        int threads = 16;
        int rounds = 15;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < rounds; round++) {
                String key = "race/" + round;
                long seen = round % 2 == 0 ? 0 : put(key, "seed"); // alternate ifAbsent and ifModRevision
                CountDownLatch go = new CountDownLatch(1);
                List<Future<TxnResult>> attempts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String me = "t" + t;
                    attempts.add(pool.submit(() -> {
                        go.await();
                        return store.txn(Txn.builder().ifModRevision(key, seen).put(key, me).build());
                    }));
                }
                go.countDown();
                List<TxnResult> results = new ArrayList<>();
                for (Future<TxnResult> a : attempts) results.add(a.get());

                List<TxnResult> winners = results.stream().filter(TxnResult::succeeded).toList();
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(store.get(key).orElseThrow().modRevision()).isEqualTo(winners.getFirst().revision());
            }
        }
    }

    @Test
    void concurrentReadModifyWriteLosesNoIncrement() throws Exception {
        int threads = 8;
        int increments = 20;
        put("counter", "0");
        ConcurrentLinkedQueue<Long> winningRevisions = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            KeyValue kv = store.get("counter").orElseThrow();
                            String next = Integer.toString(Integer.parseInt(kv.valueAsString()) + 1);
                            TxnResult r = store.txn(Txn.builder().ifModRevision("counter", kv.modRevision())
                                    .put("counter", next).build());
                            if (r.succeeded()) {
                                winningRevisions.add(r.revision());
                                break;
                            }
                        }
                    }
                    return null;
                });
            }
        }
        assertThat(store.get("counter").orElseThrow().valueAsString()).isEqualTo(Integer.toString(threads * increments));
        assertThat(winningRevisions).hasSize(threads * increments).doesNotHaveDuplicates();
    }

    @Test
    void aCallbackMayWaitForAnotherTxnWithoutDeadlock() {
        // A completion callback that blocks on the store must not stall the acknowledgements it waits for.
        List<CompletableFuture<TxnResult>> chains = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "chain/" + i;
            chains.add(store.txnAsync(Txn.builder().put(key, "1").build())
                    .thenApply(first -> store.txn(Txn.builder().ifModRevision(key, first.revision()).put(key, "2").build())));
        }
        for (CompletableFuture<TxnResult> c : chains) {
            assertThat(c).succeedsWithin(WAIT).matches(TxnResult::succeeded);
        }
        assertThat(store.range("chain/")).extracting(KeyValue::valueAsString).containsOnly("2");
    }

    // ---- watch -------------------------------------------------------------------------------

    @Test
    void watchFromZeroSeesTheWholeHistoryThenLiveChanges() {
        put("a", "1");
        put("b", "1");
        store.txn(Txn.builder().delete("a").build());
        WatchRecorder rec = new WatchRecorder();

        try (StateStore.Watch w = store.watch("", 0, rec)) {
            put("c", "1");
            List<Event> events = rec.awaitEvents(4, WAIT);

            assertThat(events).extracting(Event::type, e -> e.kv().key(), e -> e.kv().modRevision()).containsExactly(
                    tuple(Event.Type.PUT, "a", 1L),
                    tuple(Event.Type.PUT, "b", 2L),
                    tuple(Event.Type.DELETE, "a", 3L),
                    tuple(Event.Type.PUT, "c", 4L));
            assertThat(events.get(1).kv().valueAsString()).isEqualTo("1");
        }
    }

    @Test
    void watchFromAMiddleRevisionSkipsOlderChanges() {
        for (int i = 1; i <= 5; i++) put("k" + i, "v");
        WatchRecorder rec = new WatchRecorder();

        try (StateStore.Watch w = store.watch("", 3, rec)) {
            put("k6", "v");
            rec.awaitEvents(3, WAIT);
            assertThat(rec.revisions()).containsExactly(4L, 5L, 6L);
        }
    }

    @Test
    void watchFromTheCurrentRevisionSeesOnlyLiveChanges() {
        put("old", "v");
        WatchRecorder rec = new WatchRecorder();

        try (StateStore.Watch w = store.watch("", store.revision(), rec)) {
            long r = put("new", "v");
            rec.awaitEvents(1, WAIT);
            assertThat(rec.revisions()).containsExactly(r);
        }
    }

    @Test
    void watchDeliversOnlyKeysUnderItsPrefix() {
        put("tasks/1", "h");
        put("services/1", "h");
        WatchRecorder rec = new WatchRecorder();

        try (StateStore.Watch w = store.watch("tasks/", 0, rec)) {
            store.txn(Txn.builder().put("tasks/2", "l").put("services/2", "l").build());
            put("tasks", "not under the prefix");
            long last = put("tasks/3", "l");
            Await.until(WAIT, "tasks/3", () -> rec.revisions().contains(last));

            assertThat(rec.events()).extracting(e -> e.kv().key()).containsExactly("tasks/1", "tasks/2", "tasks/3");
        }
    }

    @Test
    void eachListenerCallHoldsWholeTransactions() {
        WatchRecorder rec = new WatchRecorder();
        try (StateStore.Watch w = store.watch("", 0, rec)) {
            store.txn(Txn.builder().put("x/1", "a").put("x/2", "a").put("x/3", "a").build());
            rec.awaitEvents(3, WAIT);
            for (List<Event> call : rec.calls()) {
                assertThat(call).extracting(e -> e.kv().modRevision()).containsOnly(1L);
            }
        }
    }

    @Test
    void watchesSeeNoGapsOrDuplicatesUnderConcurrentWriters() throws Exception {
        int writers = 8;
        int txnsEach = 40;
        long start = put("w/seed", "0");
        WatchRecorder fromStart = new WatchRecorder();
        WatchRecorder lateFromStart = new WatchRecorder();
        WatchRecorder lateFromNow = new WatchRecorder();
        ConcurrentLinkedQueue<Long> watched = new ConcurrentLinkedQueue<>();
        List<StateStore.Watch> open = new CopyOnWriteArrayList<>();
        open.add(store.watch("w/", start, fromStart));
        long[] lateStart = new long[1];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < writers; t++) {
                int me = t;
                pool.submit(() -> {
                    for (int i = 0; i < txnsEach; i++) {
                        watched.add(store.txn(Txn.builder().put("w/" + me + "/" + i, "v").build()).revision());
                        store.txn(Txn.builder().put("other/" + me + "/" + i, "v").build());
                        if (me == 0 && i == txnsEach / 2) {
                            // opened while the others keep writing: the history/live hand-over races them
                            lateStart[0] = store.revision();
                            open.add(store.watch("w/", start, lateFromStart));
                            open.add(store.watch("w/", lateStart[0], lateFromNow));
                        }
                    }
                    return null;
                });
            }
        }
        try {
            List<Long> expected = watched.stream().sorted().toList();
            List<Long> expectedLate = expected.stream().filter(r -> r > lateStart[0]).toList();
            fromStart.awaitEvents(expected.size(), WAIT);
            lateFromStart.awaitEvents(expected.size(), WAIT);
            lateFromNow.awaitEvents(expectedLate.size(), WAIT);
            long end = put("w/end", "x"); // a marker: once seen, nothing extra can still be in flight
            for (WatchRecorder r : List.of(fromStart, lateFromStart, lateFromNow)) {
                Await.until(WAIT, "end marker", () -> r.revisions().contains(end));
            }

            assertThat(fromStart.revisions()).containsExactlyElementsOf(append(expected, end));
            assertThat(lateFromStart.revisions()).containsExactlyElementsOf(append(expected, end));
            assertThat(lateFromNow.revisions()).containsExactlyElementsOf(append(expectedLate, end));
            for (WatchRecorder r : List.of(fromStart, lateFromStart, lateFromNow)) {
                assertThat(r.overlapped()).as("listener called concurrently with itself").isFalse();
            }
        } finally {
            open.forEach(StateStore.Watch::close);
        }
    }

    @Test
    void closedWatchReceivesNothingMore() {
        WatchRecorder closed = new WatchRecorder();
        WatchRecorder reference = new WatchRecorder();
        StateStore.Watch w = store.watch("", 0, closed);
        try (StateStore.Watch r = store.watch("", 0, reference)) {
            put("before", "v");
            closed.awaitEvents(1, WAIT);
            w.close();
            w.close(); // idempotent
            put("after", "v");
            reference.awaitEvents(2, WAIT);
        }
        assertThat(closed.events()).extracting(e -> e.kv().key()).containsExactly("before");
    }

    @Test
    void watchingCompactedHistoryThrowsCompactedException() {
        for (int i = 1; i <= 10; i++) put("k" + i, "v");
        compact(store, 5);

        assertThatThrownBy(() -> store.watch("", 4, new WatchRecorder())).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.watch("", 0, new WatchRecorder())).isInstanceOf(CompactedException.class);
        WatchRecorder rec = new WatchRecorder();
        try (StateStore.Watch w = store.watch("", 5, rec)) {
            rec.awaitEvents(5, WAIT);
            assertThat(rec.revisions()).containsExactly(6L, 7L, 8L, 9L, 10L);
        }
        assertThat(store.get("k1")).as("compaction drops history, not current keys").isPresent();
    }

    // ---- durability and lifecycle -------------------------------------------------------------

    @Test
    void everythingSurvivesCloseAndReopen() {
        put("a", "1");
        long rb = put("b", "2");
        store.txn(Txn.builder().delete("a").put("c", "3").build());
        long revision = store.revision();
        store.close();

        store = reopenStore();
        assertThat(store.revision()).isEqualTo(revision);
        assertThat(store.get("a")).isEmpty();
        assertThat(store.get("b").orElseThrow().createRevision()).isEqualTo(rb);
        assertThat(store.get("c").orElseThrow().valueAsString()).isEqualTo("3");
        WatchRecorder rec = new WatchRecorder();
        try (StateStore.Watch w = store.watch("", 0, rec)) {
            assertThat(rec.awaitEvents(4, WAIT)).extracting(Event::type, e -> e.kv().key()).containsExactly(
                    tuple(Event.Type.PUT, "a"),
                    tuple(Event.Type.PUT, "b"),
                    tuple(Event.Type.DELETE, "a"),
                    tuple(Event.Type.PUT, "c"));
        }
        assertThat(put("d", "4")).isEqualTo(revision + 1);
    }

    @Test
    void closeCompletesOrFailsEveryQueuedTxnAndKeepsTheCompletedOnes() {
        List<CompletableFuture<TxnResult>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) pending.add(store.txnAsync(Txn.builder().put("q/" + i, "v").build()));
        store.close();

        List<Integer> committed = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            CompletableFuture<TxnResult> f = pending.get(i);
            Await.until(WAIT, "txn " + i + " to complete or fail", f::isDone);
            if (f.isCompletedExceptionally()) {
                assertThat(failureOf(f::join)).isInstanceOf(StoreException.class);
            } else if (f.join().succeeded()) {
                committed.add(i);
            }
        }
        store = reopenStore();
        for (int i : committed) assertThat(store.get("q/" + i)).as("q/%d", i).isPresent();
        assertThat(store.revision()).isEqualTo(committed.size());
    }

    @Test
    void closedStoreRefusesEveryCall() {
        put("a", "1");
        store.close();
        store.close(); // idempotent

        assertThatThrownBy(() -> store.get("a")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.range("")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.revision()).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.txn(Txn.builder().put("b", "2").build())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.watch("", 0, new WatchRecorder())).isInstanceOf(StoreException.class);
        assertThat(failureOf(() -> store.txnAsync(Txn.builder().put("b", "2").build()).join()))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void malformedInputIsRejected() {
        assertThatThrownBy(() -> store.get(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.range(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txn(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txn(Txn.builder().put("", "v").build())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txn(Txn.builder().put(null, "v").build())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txn(Txn.builder().put("k", (byte[]) null).build())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txn(Txn.builder().delete("").build())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txn(Txn.builder().ifAbsent(null).put("k", "v").build())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txn(Txn.builder().ifModRevision("k", -1).put("k", "v").build())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txn(Txn.builder().put("k", "1").delete("k").build()))
                .as("two ops on one key").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.txnAsync(Txn.builder().put("k\uD800", "v").build()))
                .as("lone surrogate").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.watch(null, 0, new WatchRecorder())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.watch("", -1, new WatchRecorder())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.watch("", 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.revision()).as("nothing was written").isZero();
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Puts one key in its own txn and returns the revision it got. */
    protected long put(String key, String value) {
        TxnResult r = store.txn(Txn.builder().put(key, value).build());
        assertThat(r.succeeded()).isTrue();
        return r.revision();
    }

    private static Throwable failureOf(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static List<Long> append(List<Long> list, long last) {
        List<Long> out = new ArrayList<>(list);
        out.add(last);
        return Collections.unmodifiableList(out);
    }
}
