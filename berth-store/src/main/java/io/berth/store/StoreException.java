package io.berth.store;

/** The store could not do what was asked (I/O failure, closed store). Nothing was half-applied. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
