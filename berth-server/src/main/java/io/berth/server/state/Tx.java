package io.berth.server.state;

import io.berth.store.Txn;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One command's view of the state while the committer runs it: reads see the state including this
 * command's own writes; writes apply at once and are logged so that a command that throws is undone
 * completely. Used by the committer thread only.
 */
public final class Tx {
    private record Write(String key, Object before, Object after) {}

    private final State state;
    private final List<Write> writes = new ArrayList<>();

    Tx(State state) {
        this.state = state;
    }

    public State state() {
        return state;
    }

    /** Writes {@code value} under {@code key} (replacing what was there). */
    public void put(String key, Object value) {
        writes.add(new Write(key, state.put(key, value, true), value));
    }

    public void delete(String key) {
        writes.add(new Write(key, state.put(key, null, true), null));
    }

    void rollback() {
        for (int i = writes.size() - 1; i >= 0; i--) {
            Write w = writes.get(i);
            state.put(w.key(), w.before(), true);
        }
        writes.clear();
    }

    /**
     * Adds this command's writes to the batch: the last value of each key (a store transaction
     * takes one op per key) and, in order, every change for the listeners.
     */
    void drainTo(Map<String, Object> lastValues, List<Change> changes) {
        for (Write w : writes) {
            lastValues.put(w.key(), w.after() == null ? DELETED : w.after());
            changes.add(new Change(w.key(), w.before(), w.after()));
        }
        writes.clear();
    }

    /** Marks a key deleted in a batch's last values. */
    static final Object DELETED = new Object();

    /** The store transaction that writes a batch's last values. */
    static Txn toTxn(Map<String, Object> lastValues) {
        Txn.Builder txn = Txn.builder();
        lastValues.forEach((key, value) -> {
            if (value == DELETED) txn.delete(key);
            else txn.put(key, Json.bytes(value));
        });
        return txn.build();
    }

    /** One committed change: a record's value before and after (null for absent). */
    public record Change(String key, Object before, Object after) {}
}
