package io.berth.store.sqlite;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes txn futures on its own platform thread. Dependent stages a caller attached without an
 * executor run on the completing thread; this keeps such code off the writer thread, so a slow
 * callback delays other acknowledgements but never the next commit.
 */
final class Completer {
    private static final Logger log = LoggerFactory.getLogger(Completer.class);

    private final WorkQueue<Runnable> queue = new WorkQueue<>();
    private final Thread thread;

    Completer(String name) {
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    /** Runs {@code work} soon; returns false once closed. */
    boolean submit(Runnable work) {
        return queue.offer(work);
    }

    /** Finishes submitted work, then stops. Safe to call from a completion callback. */
    void close() {
        queue.close();
        if (Thread.currentThread() != thread) Joins.joinUninterruptibly(thread);
    }

    private void run() {
        while (true) {
            List<Runnable> work;
            try {
                work = queue.drain(64, true);
            } catch (InterruptedException e) {
                continue; // our own thread: nobody else should interrupt it; keep serving
            }
            if (work == null) return;
            for (Runnable r : work) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.error("txn completion callback failed", e);
                }
            }
        }
    }
}
