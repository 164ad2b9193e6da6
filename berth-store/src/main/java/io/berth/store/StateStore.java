package io.berth.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The control plane's one source of truth: a revisioned key-value store.
 *
 * <p>Every successful {@link #txn} bumps the store-wide revision by exactly one; all keys it writes
 * carry that revision as their {@code modRevision}. Implementations: embedded SQLite (default) and
 * etcd (several replicas). Both pass {@code StateStoreContract}.
 *
 * <p>Threading: every method is safe to call from any thread, including virtual threads; blocking
 * native work is done on the implementation's own platform threads.
 */
public interface StateStore extends AutoCloseable {

    /** The revision of the newest committed transaction; 0 for an empty store. */
    long revision();

    /** The current value of {@code key}, if present. Reads only committed, durable data. */
    Optional<KeyValue> get(String key);

    /** Every key starting with {@code prefix} ("" for all), in ascending key order. */
    List<KeyValue> range(String prefix);

    /**
     * Applies {@code txn} atomically: if every compare holds, all its ops are applied under one new
     * revision; otherwise nothing changes. The returned future completes only after the change is
     * durable (fsynced); concurrent calls are group-committed. Not idempotent: a retried put writes
     * again under a new revision.
     */
    CompletableFuture<TxnResult> txnAsync(Txn txn);

    /** Blocking form of {@link #txnAsync}. */
    default TxnResult txn(Txn txn) {
        try {
            return txnAsync(txn).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    /**
     * Delivers, in revision order, every change to keys under {@code prefix} with a revision greater
     * than {@code afterRevision}, first the history still retained and then live changes. The listener
     * is called on one thread per watch, never concurrently with itself, and must not block for long.
     *
     * @throws CompactedException if history after {@code afterRevision} is no longer retained
     */
    Watch watch(String prefix, long afterRevision, Consumer<List<Event>> listener);

    /** Stops the store; pending transactions fail or complete, none is left half-applied. */
    @Override
    void close();

    /** A running watch. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
