package io.berth.agent.api;

import io.berth.agent.engine.StateChange;
import io.berth.agent.engine.StateChangeSink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers state changes to the server, in order per task: each task with pending changes has one
 * virtual thread sending them head first. A change that fails in a way a retry may fix is retried
 * with jittered exponential backoff until it goes through; one the server rejects (4xx) is logged
 * and dropped, since sending it again would get the same answer.
 */
public final class ReportQueue implements StateChangeSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportQueue.class);

    /** Sends one change; throws to say it did not go through. */
    @FunctionalInterface
    public interface Sender {
        void send(StateChange change) throws EcsApiException, InterruptedException;
    }

    private final Sender sender;
    private final Consumer<StateChange> onDelivered;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Map<String, ArrayDeque<StateChange>> queues = new HashMap<>();
    private final Map<String, Thread> senders = new HashMap<>();
    private boolean closed;

    /** @param onDelivered called after the server accepted a change (or rejected it for good) */
    public ReportQueue(Sender sender, Consumer<StateChange> onDelivered, Duration minBackoff, Duration maxBackoff) {
        this.sender = sender;
        this.onDelivered = onDelivered;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void submit(StateChange change) {
        String arn = change.taskArn();
        synchronized (this) {
            if (closed) return;
            queues.computeIfAbsent(arn, k -> new ArrayDeque<>()).add(change);
            if (!senders.containsKey(arn)) {
                senders.put(arn, Thread.ofVirtual().name("report-" + arn.substring(arn.lastIndexOf('/') + 1))
                        .start(() -> drain(arn)));
            }
        }
    }

    /** Number of changes not yet delivered. */
    public synchronized int pending() {
        return queues.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    private void drain(String arn) {
        while (true) {
            StateChange next;
            synchronized (this) {
                ArrayDeque<StateChange> q = queues.get(arn);
                if (closed || q == null || q.isEmpty()) {
                    queues.remove(arn);
                    senders.remove(arn);
                    return;
                }
                next = q.peek();
            }
            try {
                deliver(next);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                ArrayDeque<StateChange> q = queues.get(arn);
                if (q != null) q.poll();
            }
            try {
                onDelivered.accept(next);
            } catch (RuntimeException e) {
                log.warn("after delivering a change of {}", arn, e);
            }
        }
    }

    private void deliver(StateChange change) throws InterruptedException {
        long backoff = minBackoff.toMillis();
        while (true) {
            try {
                sender.send(change);
                return;
            } catch (EcsApiException e) {
                if (!e.retryable()) {
                    log.warn("server rejected {} for {}: {}", StateChangeRequests.operation(change), change.taskArn(),
                            e.getMessage());
                    return;
                }
                log.info("{} for {} failed, retrying in ~{} ms: {}", StateChangeRequests.operation(change),
                        change.taskArn(), backoff, e.getMessage());
            }
            Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
        }
    }

    /** Stops sending; what is not delivered yet is dropped (the state file still has the tasks). */
    @Override
    public void close() {
        Map<String, Thread> threads;
        synchronized (this) {
            closed = true;
            threads = new HashMap<>(senders);
        }
        threads.values().forEach(Thread::interrupt);
    }
}
