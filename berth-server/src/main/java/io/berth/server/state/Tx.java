package io.berth.server.state;

import io.berth.store.Txn;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.List;

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

    /** Adds this command's writes, in order, to the batch's store transaction and change list. */
    void drainTo(Txn.Builder txn, List<Change> changes) {
        for (Write w : writes) {
            if (w.after() == null) txn.delete(w.key());
            else txn.put(w.key(), Json.bytes(w.after()));
            changes.add(new Change(w.key(), w.before(), w.after()));
        }
        writes.clear();
    }

    /** One committed change: a record's value before and after (null for absent). */
    public record Change(String key, Object before, Object after) {}
}
