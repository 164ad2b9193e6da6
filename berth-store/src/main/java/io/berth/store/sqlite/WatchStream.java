package io.berth.store.sqlite;

import io.berth.store.Event;
import io.berth.store.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: a queue of committed batches and one virtual thread that filters them and calls the
 * listener, first with the history, then with live batches. Only that thread calls the listener, so
 * calls never overlap. Events at or below the last revision handed on are dropped, which is what
 * removes the overlap between the history read and the live queue.
 */
final class WatchStream implements StateStore.Watch {
    private static final Logger log = LoggerFactory.getLogger(WatchStream.class);
    /** History is handed over in lists of about this many events, never splitting a revision. */
    static final int HISTORY_CHUNK = 1_000;
    private static final int LIVE_BATCHES_PER_CALL = 64;

    private final String prefix;
    private final Consumer<List<Event>> listener;
    private final WatchHub hub;
    private final WorkQueue<Committed> live = new WorkQueue<>();
    private volatile boolean closed;

    WatchStream(String prefix, Consumer<List<Event>> listener, WatchHub hub) {
        this.prefix = prefix;
        this.listener = listener;
        this.hub = hub;
    }

    /** Begins delivery; {@code afterRevision} is where the watch asked to start. */
    void start(History history, long afterRevision, String threadName) {
        Thread.ofVirtual().name(threadName).start(() -> run(history, afterRevision));
    }

    void offer(Committed batch) {
        live.offer(batch); // false only once closed, and then nobody wants it
    }

    /** Stops delivery: no listener call starts after this returns (one already running finishes). */
    @Override
    public void close() {
        closed = true;
        live.close();
        hub.unregister(this);
    }

    private void run(History history, long afterRevision) {
        deliverHistory(history.events());
        long delivered = Math.max(afterRevision, history.revision());
        while (!closed) {
            List<Committed> batches;
            try {
                batches = live.drain(LIVE_BATCHES_PER_CALL, true);
            } catch (InterruptedException e) {
                return;
            }
            if (batches == null) return;
            List<Event> out = new ArrayList<>();
            for (Committed batch : batches) {
                if (batch.lastRevision() <= delivered) continue;
                for (Event e : batch.events()) {
                    if (e.kv().modRevision() > delivered && e.kv().key().startsWith(prefix)) out.add(e);
                }
                delivered = batch.lastRevision();
            }
            if (!out.isEmpty()) deliver(out);
        }
    }

    private void deliverHistory(List<Event> events) {
        int from = 0;
        while (from < events.size() && !closed) {
            int to = Math.min(from + HISTORY_CHUNK, events.size());
            // extend to the end of the revision so a consumer always sees whole transactions
            while (to < events.size() && revisionOf(events.get(to)) == revisionOf(events.get(to - 1))) to++;
            deliver(events.subList(from, to));
            from = to;
        }
    }

    private void deliver(List<Event> events) {
        if (closed) return;
        try {
            listener.accept(List.copyOf(events));
        } catch (RuntimeException e) {
            // Keep going: skipping later batches would leave the consumer with a gap.
            log.error("watch listener for prefix '{}' threw; continuing with the next changes", prefix, e);
        }
    }

    private static long revisionOf(Event e) {
        return e.kv().modRevision();
    }
}
