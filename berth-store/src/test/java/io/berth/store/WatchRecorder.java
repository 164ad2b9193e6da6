package io.berth.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A watch listener for tests: records every event and every delivered list, and notes if it was
 * ever called concurrently with itself.
 */
public final class WatchRecorder implements Consumer<List<Event>> {
    private final List<Event> events = new ArrayList<>();
    private final List<List<Event>> calls = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean overlapped;

    @Override
    public void accept(List<Event> batch) {
        if (inFlight.incrementAndGet() != 1) overlapped = true;
        try {
            synchronized (this) {
                events.addAll(batch);
                calls.add(batch);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized List<List<Event>> calls() {
        return List.copyOf(calls);
    }

    public synchronized int size() {
        return events.size();
    }

    public boolean overlapped() {
        return overlapped;
    }

    /** Waits until at least {@code n} events arrived and returns them all. */
    public List<Event> awaitEvents(int n, Duration timeout) {
        Await.until(timeout, () -> n + " events, have " + size() + ": " + events(), () -> size() >= n);
        return events();
    }

    /** Modification revisions of the recorded events, in arrival order. */
    public List<Long> revisions() {
        return events().stream().map(e -> e.kv().modRevision()).toList();
    }
}
