package io.berth.store.sqlite;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes each committed batch's futures on a fresh virtual thread.
 *
 * <p>Dependent stages a caller attached without an executor run on the completing thread. Running
 * them here keeps them off the writer, so a slow callback never delays the next commit; and because
 * every batch gets its own virtual thread, a callback that blocks, even on another txn of this store
 * ({@code txnAsync(a).thenAccept(r -> store.txn(b))}), cannot hold up later acknowledgements and so
 * cannot deadlock them. The cost is that batches may be acknowledged slightly out of commit order.
 */
final class Completer {
    private static final Logger log = LoggerFactory.getLogger(Completer.class);

    private final String threadName;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();

    Completer(String threadName) {
        this.threadName = threadName;
    }

    /** Runs {@code work} on a new virtual thread. */
    void submit(Runnable work) {
        Thread thread = Thread.ofVirtual().name(threadName).unstarted(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("completing txn futures failed", e);
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(thread); // before start, so awaitIdle cannot miss it
        thread.start();
    }

    /**
     * Waits until every submitted batch has been completed. Call after the writer stopped
     * submitting. Safe from a completion callback: it does not wait for its own thread.
     */
    void awaitIdle() {
        for (Thread t : Set.copyOf(running)) {
            if (t != Thread.currentThread()) Joins.joinUninterruptibly(t);
        }
    }
}
