package io.berth.store.sqlite;

import io.berth.store.Event;
import io.berth.store.StoreException;
import io.berth.store.TxnResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes. It drains whatever txns are queued (up to a bound), applies them in
 * queue order inside one SQLite transaction, each successful txn under the next revision, commits
 * once (one fsync for the whole batch), and only then publishes the events and acknowledges.
 *
 * <pre>
 * txnAsync ─► queue ─► [writer: BEGIN · apply txn₁…txnₙ · compact a chunk · meta · COMMIT(fsync)]
 *                          ├─► WatchHub.publish(events)   (per-watch queues)
 *                          └─► Completer: complete futures (virtual thread per batch)
 * </pre>
 */
final class BatchWriter {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final WriteSession session;
    private final TxnApplier applier;
    private final WorkQueue<WriteRequest> queue;
    private final int maxBatch;
    private final Compactor compactor;
    private final WatchHub hub;
    private final Completer completer;
    private final Thread thread;
    private volatile long revision;
    private volatile long batches;
    /** Set when the database may hold a commit we could not confirm; from then on every write fails. */
    private volatile StoreException broken;
    private boolean lastCommitFailed;

    BatchWriter(WriteSession session, WriteSession.Meta meta, WorkQueue<WriteRequest> queue, int maxBatch,
                int retainRevisions, WatchHub hub, Completer completer, String threadName) {
        this.session = session;
        this.applier = new TxnApplier(session);
        this.queue = queue;
        this.maxBatch = maxBatch;
        this.compactor = new Compactor(meta.compactedThrough(), retainRevisions);
        this.hub = hub;
        this.completer = completer;
        this.revision = meta.revision();
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** The newest committed revision; written only after the commit returned. */
    long revision() {
        return revision;
    }

    long batchesCommitted() {
        return batches;
    }

    /** Waits for the writer to finish; the queue must have been closed. */
    void join() {
        Joins.joinUninterruptibly(thread);
    }

    private void run() {
        try {
            while (true) {
                // Only block for new work when no compaction is due; after a failure, wait for
                // real work rather than spin on a failing disk.
                boolean compacting = !lastCommitFailed && broken == null && compactor.pending(revision);
                List<WriteRequest> batch;
                try {
                    batch = queue.drain(maxBatch, !compacting);
                } catch (InterruptedException e) {
                    continue; // our own thread; only closing the queue ends it
                }
                if (batch == null) {
                    if (!compactor.hasWaiting()) return;
                    batch = List.of(); // closed, but finish the compaction someone is waiting for
                }
                if (broken != null) failAll(batch, broken);
                else commit(batch);
            }
        } catch (Throwable t) {
            broken = new StoreException("the store's writer stopped; restart the store", t);
            log.error("store writer stopped", t);
            queue.close();
            drainAndFail();
        }
    }

    private void commit(List<WriteRequest> batch) {
        long rev = revision;
        long step = compactor.compactedThrough();
        List<Runnable> acks = new ArrayList<>(batch.size());
        List<Event> events = new ArrayList<>();
        try {
            session.begin();
            for (WriteRequest request : batch) {
                switch (request) {
                    case WriteRequest.TxnRequest t -> {
                        Optional<List<Event>> applied = applier.apply(t.txn(), rev + 1);
                        if (applied.isPresent()) {
                            rev++;
                            events.addAll(applied.get());
                        }
                        TxnResult result = new TxnResult(applied.isPresent(), rev);
                        acks.add(() -> t.result().complete(result));
                    }
                    case WriteRequest.CompactRequest c -> compactor.request(c);
                }
            }
            step = compactor.nextStep(rev);
            if (step > compactor.compactedThrough()) session.deleteChanges(compactor.compactedThrough(), step);
            session.writeMeta(rev, step);
            session.commit();
        } catch (SQLException | RuntimeException e) {
            recover(batch, e);
            return;
        }
        lastCommitFailed = false;
        revision = rev;
        batches++;
        compactor.committed(step);
        if (!events.isEmpty()) hub.publish(new Committed(rev, events));
        if (!acks.isEmpty()) completer.submit(() -> acks.forEach(Runnable::run));
    }

    /** Rolls back, fails the whole batch, and checks the database still agrees with our revision. */
    private void recover(List<WriteRequest> batch, Exception cause) {
        log.warn("store batch of {} requests failed; none applied", batch.size(), cause);
        lastCommitFailed = true;
        StoreException failure = new StoreException("store write failed, nothing applied: " + cause.getMessage(), cause);
        boolean rolledBack = session.rollback();
        long compacted = compactor.compactedThrough();
        try {
            WriteSession.Meta meta = session.readMeta();
            compacted = meta.compactedThrough();
            if (!rolledBack || meta.revision() != revision) {
                broken = new StoreException("store state is uncertain after a failed commit (revision "
                        + meta.revision() + ", expected " + revision + "); restart the store", cause);
            }
        } catch (SQLException | RuntimeException e) {
            if (!rolledBack) broken = new StoreException("store state is uncertain after a failed rollback", e);
        }
        compactor.failed(failure, compacted);
        failAll(batch, failure);
    }

    private void failAll(List<WriteRequest> batch, StoreException failure) {
        List<CompletableFuture<?>> futures = new ArrayList<>(batch.size());
        for (WriteRequest request : batch) {
            switch (request) {
                case WriteRequest.TxnRequest t -> futures.add(t.result());
                case WriteRequest.CompactRequest c -> futures.add(c.done());
            }
        }
        completer.submit(() -> futures.forEach(f -> f.completeExceptionally(failure)));
    }

    private void drainAndFail() {
        try {
            List<WriteRequest> rest;
            while ((rest = queue.drain(maxBatch, false)) != null) failAll(rest, broken);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
