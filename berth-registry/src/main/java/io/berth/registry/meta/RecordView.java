package io.berth.registry.meta;

import io.berth.store.Event;
import io.berth.store.KeyValue;
import io.berth.store.StateStore;
import io.berth.store.Txn;
import io.berth.wire.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every record under a prefix in memory, kept current by the store's watch, so the registry's reads
 * are map lookups rather than a hand-off to the store's reader threads and back (three per manifest
 * or blob request; on a busy two-core host each hand-off can wait milliseconds for a core). Writes
 * still go to the store; {@link #await} lets a writer wait until the view holds its own write, so a
 * request never answers before a later request could read what it wrote. A key only ever moves to a
 * newer revision, so the initial range and the watch's replay can overlap safely.
 */
final class RecordView implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordView.class);
    private static final Duration AWAIT_LIMIT = Duration.ofSeconds(10);

    private final ConcurrentSkipListMap<String, Held> records = new ConcurrentSkipListMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final StateStore.Watch watch;

    RecordView(StateStore store, String prefix) {
        long start = store.revision();
        for (KeyValue kv : store.range(prefix)) records.put(kv.key(), new Held(kv));
        watch = store.watch(prefix, start, this::apply);
    }

    /** The record at {@code key} as {@code type}, parsed at most once per revision. */
    <T> Optional<Versioned<T>> read(String key, Class<T> type) {
        Held h = records.get(key);
        return h == null ? Optional.empty() : Optional.of(new Versioned<>(h.value(type), h.kv.modRevision()));
    }

    /** Every record whose key starts with {@code prefix}, in key order. */
    List<KeyValue> range(String prefix) {
        List<KeyValue> out = new ArrayList<>();
        for (Held h : records.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values()) out.add(h.kv);
        return out;
    }

    /**
     * Waits until the view reflects {@code txn}, committed at {@code revision}: each key it put is
     * there at that revision or later, and each key it deleted is gone (or put again since). Checked
     * per key rather than by revision, because deleting an absent key changes nothing and so never
     * shows up in the watch.
     */
    void await(Txn txn, long revision) {
        lock.lock();
        try {
            long left = AWAIT_LIMIT.toNanos();
            while (!reflects(txn, revision)) {
                if (left <= 0) {
                    log.warn("registry view does not show revision {} after {}", revision, AWAIT_LIMIT);
                    return;
                }
                left = advanced.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private boolean reflects(Txn txn, long revision) {
        for (Txn.Op op : txn.ops()) {
            Held h = records.get(op.key());
            KeyValue kv = h == null ? null : h.kv;
            boolean done = switch (op) {
                case Txn.Op.Put p -> kv != null && kv.modRevision() >= revision;
                case Txn.Op.Delete d -> kv == null || kv.modRevision() > revision;
            };
            if (!done) return false;
        }
        return true;
    }

    private void apply(List<Event> events) {
        for (Event e : events) {
            KeyValue kv = e.kv();
            if (e.type() == Event.Type.PUT) {
                records.merge(kv.key(), new Held(kv), (old, next) -> next.kv.modRevision() >= old.kv.modRevision() ? next : old);
            } else {
                records.computeIfPresent(kv.key(), (k, old) -> old.kv.modRevision() <= kv.modRevision() ? null : old);
            }
        }
        lock.lock();
        try {
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        watch.close();
    }

    /**
     * One record, with its value parsed on first read: every blob and manifest request reads the same
     * few records, and a revision's record never changes, so its parse is kept with it.
     */
    private static final class Held {
        final KeyValue kv;
        private volatile Object parsed;

        Held(KeyValue kv) {
            this.kv = kv;
        }

        <T> T value(Class<T> type) {
            Object p = parsed;
            if (type.isInstance(p)) return type.cast(p);
            T value = Json.read(kv.value(), type);
            parsed = value;
            return value;
        }
    }
}
