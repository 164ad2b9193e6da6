package io.berth.store;

/** A watch asked for history older than the store still retains. */
public class CompactedException extends RuntimeException {
    public CompactedException(long requested, long oldestRetained) {
        super("revision " + requested + " is compacted; oldest retained is " + oldestRetained);
    }
}
