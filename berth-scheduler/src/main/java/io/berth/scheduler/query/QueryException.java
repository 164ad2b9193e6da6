package io.berth.scheduler.query;

import io.berth.scheduler.PlacementInputException;

/** A cluster query expression that does not parse; {@link #position()} is the 0-based offset of the fault. */
public final class QueryException extends PlacementInputException {
    private final int position;

    QueryException(String expression, int position, String problem) {
        super("Invalid cluster query expression at position " + position + ": " + problem + " in '" + expression + "'");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
