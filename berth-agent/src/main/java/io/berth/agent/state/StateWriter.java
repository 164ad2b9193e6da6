package io.berth.agent.state;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the agent's state when asked. {@link #requestSave()} coalesces: however many changes arrive
 * while a write is under way, one more write follows, so task actors never wait for the disk.
 * {@link #saveNow()} writes before returning, for the few places that must (before acking a payload).
 */
public final class StateWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateWriter.class);

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
                while (!dirty && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!dirty && closed) return;
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
