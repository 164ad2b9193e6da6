package io.berth.store.sqlite;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides how much change-log history the writer drops in its next transaction. It drops at most
 * {@link #CHUNK_REVISIONS} revisions per transaction, riding along in the batch's own commit when
 * there is one, so compaction costs no extra fsync and never holds the write lock for long.
 * Writer-thread only.
 */
final class Compactor {
    static final int CHUNK_REVISIONS = 1_000;

    private final int retainRevisions;
    private final List<WriteRequest.CompactRequest> waiting = new ArrayList<>();
    private long compactedThrough;
    private long requested;

    Compactor(long compactedThrough, int retainRevisions) {
        this.compactedThrough = compactedThrough;
        this.retainRevisions = retainRevisions;
    }

    long compactedThrough() {
        return compactedThrough;
    }

    /** An explicit request; completes at once if that history is already gone. */
    void request(WriteRequest.CompactRequest request) {
        if (request.revision() <= compactedThrough) {
            request.done().complete(null);
            return;
        }
        requested = Math.max(requested, request.revision());
        waiting.add(request);
    }

    /** Whether there is history to drop at store revision {@code revision}. */
    boolean pending(long revision) {
        return target(revision) > compactedThrough;
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** What to compact through in a transaction that ends at {@code revision}. */
    long nextStep(long revision) {
        return Math.max(compactedThrough, Math.min(target(revision), compactedThrough + CHUNK_REVISIONS));
    }

    /** The step's transaction committed. */
    void committed(long through) {
        compactedThrough = through;
        waiting.removeIf(r -> {
            if (r.revision() > through) return false;
            r.done().complete(null);
            return true;
        });
    }

    /** The step's transaction failed: give up on explicit requests rather than retry forever. */
    void failed(RuntimeException cause, long actualCompactedThrough) {
        compactedThrough = actualCompactedThrough;
        requested = 0;
        waiting.forEach(r -> r.done().completeExceptionally(cause));
        waiting.clear();
    }

    private long target(long revision) {
        return Math.max(requested, revision - retainRevisions);
    }
}
