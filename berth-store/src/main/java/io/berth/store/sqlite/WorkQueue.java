package io.berth.store.sqlite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A closable multi-producer queue drained in batches.
 *
 * <p>Closing and offering share one lock, so once {@link #close} returns no item can slip in behind
 * it: the consumer that sees "closed and empty" has seen every item ever accepted. A plain
 * BlockingQueue plus a closed flag cannot promise that, and a txn future could then hang forever.
 * Uses j.u.c locks rather than {@code synchronized} so waiting virtual threads do not pin a carrier.
 */
final class WorkQueue<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private boolean closed;

    /** Adds {@code item}; returns false, without adding it, once the queue is closed. */
    boolean offer(T item) {
        lock.lock();
        try {
            if (closed) return false;
            items.add(item);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes up to {@code max} items. When {@code wait} is true, blocks until at least one item is
     * there or the queue is closed. Returns null once the queue is closed and empty; an empty list
     * when not waiting and nothing is queued.
     */
    List<T> drain(int max, boolean wait) throws InterruptedException {
        lock.lock();
        try {
            while (wait && items.isEmpty() && !closed) notEmpty.await();
            if (items.isEmpty()) return closed ? null : List.of();
            List<T> batch = new ArrayList<>(Math.min(max, items.size()));
            while (batch.size() < max && !items.isEmpty()) batch.add(items.poll());
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further items; items already queued are still drained. Idempotent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
