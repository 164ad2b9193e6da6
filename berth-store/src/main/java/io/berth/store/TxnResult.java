package io.berth.store;

/**
 * The outcome of a transaction. When {@code succeeded} is false nothing was written and
 * {@code revision} is the store revision the compares were evaluated at.
 */
public record TxnResult(boolean succeeded, long revision) {}
