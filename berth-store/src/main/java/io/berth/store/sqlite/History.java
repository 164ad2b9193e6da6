package io.berth.store.sqlite;

import io.berth.store.Event;
import java.util.List;

/**
 * Retained changes read for a new watch in one read transaction.
 *
 * @param revision the store revision that read saw; live batches up to it are already in {@code events}
 * @param events matching changes after the watch's start revision, in revision order
 */
record History(long revision, List<Event> events) {
    History {
        events = List.copyOf(events);
    }
}
