package io.berth.agent.state;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the agent's state when asked. {@link #requestSave()} coalesces: a change is written
 * {@link #SETTLE} after it came, with every change that came meanwhile (a task's steps follow each
 * other closely, and each save writes every task), and however many arrive while a write is under
 * way, one more write follows, so task actors never wait for the disk. {@link #saveNow()} writes
 * before returning, for the few places that must (before acking a payload). Like the ECS agent's
 * throttled saves, a crash may lose the last moment's container steps, which restarting recovers
 * from the containers' labels.
 */
public final class StateWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateWriter.class);

    /** How long a requested save waits for more changes to join it. */
    public static final Duration SETTLE = Duration.ofMillis(100);

    private final StateFile file;
    private final Supplier<AgentState> snapshot;
    private final Object lock = new Object();
    private final Thread thread;
    private boolean dirty;
    private boolean closed;

    public StateWriter(StateFile file, Supplier<AgentState> snapshot) {
        this.file = file;
        this.snapshot = snapshot;
        this.thread = Thread.ofVirtual().name("state-writer").start(this::loop);
    }

    /** Marks the state changed; a background write follows. Any thread, never blocks. */
    public void requestSave() {
        synchronized (lock) {
            dirty = true;
            lock.notifyAll();
        }
    }

    /** Writes the current state now. */
    public void saveNow() {
        synchronized (lock) {
            dirty = false;
        }
        write();
    }

    private synchronized void write() {
        try {
            file.save(snapshot.get());
        } catch (RuntimeException e) {
            log.error("saving agent state failed", e);
        }
    }

    private void loop() {
        while (true) {
            synchronized (lock) {
                try {
                    while (!dirty && !closed) lock.wait();
                    if (!dirty && closed) return;
                    long until = System.nanoTime() + SETTLE.toNanos();
                    for (long left; !closed && (left = until - System.nanoTime()) > 0; ) lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
                if (!dirty) continue; // saveNow wrote it meanwhile
                dirty = false;
            }
            write();
        }
    }

    /** Writes what is pending and stops the background thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }
}
