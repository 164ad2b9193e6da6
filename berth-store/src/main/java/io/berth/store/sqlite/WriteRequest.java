package io.berth.store.sqlite;

import io.berth.store.Txn;
import io.berth.store.TxnResult;
import java.util.concurrent.CompletableFuture;

/** Work for the writer thread. */
sealed interface WriteRequest {

    /** A validated txn and the caller's future, completed after its batch is durable. */
    record TxnRequest(Txn txn, CompletableFuture<TxnResult> result) implements WriteRequest {}

    /** Drop change-log history through {@code revision}; {@code done} completes once it is gone. */
    record CompactRequest(long revision, CompletableFuture<Void> done) implements WriteRequest {}
}
