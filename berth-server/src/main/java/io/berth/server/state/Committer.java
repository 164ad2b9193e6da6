package io.berth.server.state;

import io.berth.store.StateStore;
import io.berth.store.TxnResult;
import io.berth.wire.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the control plane. Commands queue up; one platform thread takes a batch,
 * runs each command against the {@link State} in order (so each sees the ones before it, and two
 * placements can never claim the same resources), writes the whole batch to the store as one
 * transaction (one fsync), and only then completes the commands' futures and tells listeners what
 * changed. A command that throws is undone and fails alone. If the store cannot write, the batch's
 * commands fail and the committer stops: memory may no longer match the store, so the process must
 * restart from the store.
 */
public final class Committer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Committer.class);
    private static final int MAX_BATCH = 512;

    private record Pending<R>(Function<Tx, R> command, CompletableFuture<R> future) {}

    private final StateStore store;
    private final State state;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final List<Consumer<List<Tx.Change>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<Tx.Change>>> eagerListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public Committer(StateStore store, State state) {
        this.store = store;
        this.state = state;
        this.thread = Thread.ofPlatform().name("berth-committer").daemon().start(this::loop);
    }

    /** Listeners run on the committer thread after each durable batch; they must not block. */
    public void addListener(Consumer<List<Tx.Change>> listener) {
        listeners.add(listener);
    }

    /**
     * Listeners told of a batch's changes while its fsync is still running, for work that is safe to
     * start before the batch is durable and gains from starting early: pushing a task to its agent.
     * If the write then fails, the process stops (see the class comment); an agent that started a
     * task the restarted server does not know is told to stop it by the manifest and stop
     * verification when it reconnects. Same threading rules as {@link #addListener}.
     */
    public void addEagerListener(Consumer<List<Tx.Change>> listener) {
        eagerListeners.add(listener);
    }

    /** Queues a command; the future completes after its writes are durable, or with its exception. */
    public <R> CompletableFuture<R> submit(Function<Tx, R> command) {
        CompletableFuture<R> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(AwsException.server("the control plane is stopping" + (failure == null ? "" : ": " + failure.getMessage())));
            return f;
        }
        queue.add(new Pending<>(command, f));
        return f;
    }

    /** Runs a command and waits for it; AwsExceptions come through unchanged. */
    public <R> R write(Function<Tx, R> command) {
        try {
            return submit(command).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            runBatch(batch);
            batch.clear();
        }
        Pending<?> p;
        while ((p = queue.poll()) != null) p.future().completeExceptionally(AwsException.server("the control plane stopped"));
    }

    private void runBatch(List<Pending<?>> batch) {
        Map<String, Object> lastValues = new LinkedHashMap<>();
        List<Tx.Change> changes = new ArrayList<>();
        List<Object> results = new ArrayList<>(batch.size());
        for (Pending<?> p : batch) {
            Tx tx = new Tx(state);
            try {
                Object r = p.command().apply(tx);
                tx.drainTo(lastValues, changes);
                results.add(r);
            } catch (RuntimeException e) {
                tx.rollback();
                results.add(e);
                if (!(e instanceof AwsException)) log.error("command failed", e);
            }
        }
        if (!changes.isEmpty()) {
            CompletableFuture<TxnResult> durable;
            try {
                durable = store.txnAsync(Tx.toTxn(lastValues));
            } catch (RuntimeException e) {
                durable = CompletableFuture.failedFuture(e);
            }
            notify(eagerListeners, changes);
            try {
                durable.join();
            } catch (RuntimeException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                log.error("store write failed; stopping the committer", cause);
                failure = e;
                running = false;
                for (Pending<?> p : batch) p.future().completeExceptionally(AwsException.server("store write failed: " + e.getMessage()));
                return;
            }
        }
        for (int i = 0; i < batch.size(); i++) complete(batch.get(i), results.get(i));
        if (!changes.isEmpty()) notify(listeners, changes);
    }

    private static void notify(List<Consumer<List<Tx.Change>>> targets, List<Tx.Change> changes) {
        for (Consumer<List<Tx.Change>> l : targets) {
            try {
                l.accept(changes);
            } catch (RuntimeException e) {
                log.warn("change listener failed", e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> void complete(Pending<R> p, Object result) {
        if (result instanceof RuntimeException e) {
            AwsException aws = e instanceof AwsException a ? a : AwsException.server("internal error: " + e);
            p.future().completeExceptionally(aws);
        } else {
            p.future().complete((R) result);
        }
    }

    public boolean healthy() {
        return running && failure == null;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
