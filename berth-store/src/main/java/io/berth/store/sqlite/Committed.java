package io.berth.store.sqlite;

import io.berth.store.Event;
import java.util.List;

/**
 * The events of one committed batch, in revision order, as handed to every watch.
 *
 * @param lastRevision the store revision after the batch
 */
record Committed(long lastRevision, List<Event> events) {
    Committed {
        events = List.copyOf(events);
    }
}
