package io.berth.store.memory;

import io.berth.store.CompactedException;
import io.berth.store.Event;
import io.berth.store.KeyValue;
import io.berth.store.StateStore;
import io.berth.store.StoreException;
import io.berth.store.Txn;
import io.berth.store.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A StateStore in memory, for unit tests of the code around the store: same semantics as the
 * durable ones (revisions, compare-and-set, ordered watches), no durability. Keeps all history.
 */
public final class MemoryStateStore implements StateStore {
    private final TreeMap<String, KeyValue> data = new TreeMap<>();
    private final List<Event> history = new ArrayList<>();
    private final List<MemoryWatch> watches = new CopyOnWriteArrayList<>();
    private long revision;
    private boolean closed;

    @Override
    public synchronized long revision() {
        return revision;
    }

    @Override
    public synchronized Optional<KeyValue> get(String key) {
        check();
        return Optional.ofNullable(data.get(key));
    }

    @Override
    public synchronized List<KeyValue> range(String prefix) {
        check();
        return new ArrayList<>(data.subMap(prefix, prefix + Character.MAX_VALUE).values());
    }

    @Override
    public CompletableFuture<TxnResult> txnAsync(Txn txn) {
        List<Event> events = new ArrayList<>();
        TxnResult result;
        synchronized (this) {
            if (closed) return CompletableFuture.failedFuture(new StoreException("store is closed"));
            for (Txn.Compare c : txn.compares()) {
                if (c instanceof Txn.Compare.ModRevision m) {
                    KeyValue kv = data.get(m.key());
                    long current = kv == null ? 0 : kv.modRevision();
                    if (current != m.revision()) return CompletableFuture.completedFuture(new TxnResult(false, revision));
                }
            }
            if (txn.ops().isEmpty()) return CompletableFuture.completedFuture(new TxnResult(true, revision));
            long rev = ++revision;
            for (Txn.Op op : txn.ops()) {
                switch (op) {
                    case Txn.Op.Put p -> {
                        KeyValue old = data.get(p.key());
                        KeyValue kv = new KeyValue(p.key(), p.value().clone(), old == null ? rev : old.createRevision(), rev);
                        data.put(p.key(), kv);
                        events.add(new Event(Event.Type.PUT, kv));
                    }
                    case Txn.Op.Delete d -> {
                        KeyValue old = data.remove(d.key());
                        if (old != null) events.add(new Event(Event.Type.DELETE, new KeyValue(d.key(), new byte[0], old.createRevision(), rev)));
                    }
                }
            }
            history.addAll(events);
            result = new TxnResult(true, rev);
            for (MemoryWatch w : watches) w.offer(events);
        }
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public synchronized Watch watch(String prefix, long afterRevision, Consumer<List<Event>> listener) {
        check();
        if (afterRevision < 0) throw new CompactedException(afterRevision, 0);
        MemoryWatch w = new MemoryWatch(prefix, listener);
        List<Event> past = history.stream().filter(e -> e.kv().modRevision() > afterRevision).toList();
        w.offer(past);
        watches.add(w);
        return w;
    }

    @Override
    public synchronized void close() {
        closed = true;
        watches.forEach(MemoryWatch::close);
    }

    private void check() {
        if (closed) throw new StoreException("store is closed");
    }

    private final class MemoryWatch implements Watch {
        private final String prefix;
        private final Consumer<List<Event>> listener;
        private final ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

        MemoryWatch(String prefix, Consumer<List<Event>> listener) {
            this.prefix = prefix;
            this.listener = listener;
        }

        void offer(List<Event> events) {
            List<Event> mine = events.stream().filter(e -> e.kv().key().startsWith(prefix)).toList();
            if (!mine.isEmpty() && !executor.isShutdown()) executor.execute(() -> listener.accept(mine));
        }

        @Override
        public void close() {
            watches.remove(this);
            executor.shutdownNow();
        }
    }

    /** For tests: the number of keys stored. */
    public synchronized int size() {
        return data.size();
    }

}
