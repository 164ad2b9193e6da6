package io.berth.store.sqlite;

import io.berth.store.StoreException;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fans committed batches out to every open watch. */
final class WatchHub {
    private final CopyOnWriteArrayList<WatchStream> streams = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Starts buffering live batches for {@code stream}. A new watch registers <em>before</em> it reads
     * its history: then every batch committed after the history read is published to it, and a batch
     * seen both ways is dropped by revision, so there is neither a gap nor a duplicate.
     */
    void register(WatchStream stream) {
        streams.add(stream);
        if (closed) { // close() may have swept the list just before our add
            streams.remove(stream);
            throw new StoreException("store is closed");
        }
    }

    void unregister(WatchStream stream) {
        streams.remove(stream);
    }

    /** Writer thread, after commit: hands the batch to every watch without waiting for any. */
    void publish(Committed batch) {
        for (WatchStream stream : streams) stream.offer(batch);
    }

    void closeAll() {
        closed = true;
        for (WatchStream stream : streams) stream.close();
    }
}
