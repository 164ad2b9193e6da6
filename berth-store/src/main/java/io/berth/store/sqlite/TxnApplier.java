package io.berth.store.sqlite;

import io.berth.store.Event;
import io.berth.store.KeyValue;
import io.berth.store.Txn;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Evaluates one txn's compares and, when they all hold, writes its ops and change-log rows. */
final class TxnApplier {
    private static final byte[] NO_VALUE = new byte[0];

    private final WriteSession session;

    TxnApplier(WriteSession session) {
        this.session = session;
    }

    /**
     * Applies {@code txn} under {@code revision} inside the writer's open transaction.
     *
     * @return the events it produced, or empty when a compare failed (then nothing was written)
     */
    Optional<List<Event>> apply(Txn txn, long revision) throws SQLException {
        for (Txn.Compare compare : txn.compares()) {
            if (!holds(compare)) return Optional.empty();
        }
        List<Event> events = new ArrayList<>(txn.ops().size());
        for (Txn.Op op : txn.ops()) {
            byte[] key = Keys.encode(op.key());
            switch (op) {
                case Txn.Op.Put put -> {
                    WriteSession.KeyRevisions existing = session.revisionsOf(key);
                    long created = existing == null ? revision : existing.createRevision();
                    session.put(key, put.value(), created, revision);
                    session.appendChange(revision, events.size(), key, put.value(), created);
                    events.add(new Event(Event.Type.PUT, new KeyValue(op.key(), put.value(), created, revision)));
                }
                case Txn.Op.Delete delete -> {
                    // Deleting an absent key changes nothing, so it produces no event (as in etcd).
                    if (session.delete(key)) {
                        session.appendChange(revision, events.size(), key, null, 0);
                        events.add(new Event(Event.Type.DELETE, new KeyValue(op.key(), NO_VALUE, 0, revision)));
                    }
                }
            }
        }
        return Optional.of(events);
    }

    private boolean holds(Txn.Compare compare) throws SQLException {
        return switch (compare) {
            case Txn.Compare.ModRevision c -> {
                WriteSession.KeyRevisions current = session.revisionsOf(Keys.encode(c.key()));
                yield (current == null ? 0 : current.modRevision()) == c.revision();
            }
        };
    }
}
