package io.berth.store.sqlite;

import io.berth.store.Txn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rejects malformed transactions before they reach the writer, so one bad txn cannot fail a batch. */
final class TxnChecks {
    private TxnChecks() {}

    /**
     * Validates {@code txn} and returns a copy whose values the caller can no longer mutate while the
     * txn waits in the queue.
     *
     * @throws IllegalArgumentException for a null txn, a null or empty key, a null value, or two ops
     *     on the same key (etcd refuses those too, and their order would otherwise matter)
     */
    static Txn checked(Txn txn) {
        if (txn == null) throw new IllegalArgumentException("txn must not be null");
        for (Txn.Compare compare : txn.compares()) {
            switch (compare) {
                case Txn.Compare.ModRevision c -> {
                    Keys.requireKey(c.key());
                    if (c.revision() < 0) throw new IllegalArgumentException("compare revision must be >= 0");
                }
            }
        }
        Set<String> seen = new HashSet<>();
        List<Txn.Op> ops = new ArrayList<>(txn.ops().size());
        for (Txn.Op op : txn.ops()) {
            if (!seen.add(Keys.requireKey(op.key()))) {
                throw new IllegalArgumentException("txn has more than one op on key " + op.key());
            }
            ops.add(switch (op) {
                case Txn.Op.Put p -> {
                    if (p.value() == null) throw new IllegalArgumentException("value of " + p.key() + " must not be null");
                    yield new Txn.Op.Put(p.key(), p.value().clone());
                }
                case Txn.Op.Delete d -> d;
            });
        }
        return new Txn(txn.compares(), ops);
    }
}
