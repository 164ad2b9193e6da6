package io.berth.server.state;

import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Forgets tasks that have been STOPPED for longer than the retention (ECS shows a stopped task for
 * about an hour), with their scale-in protection records, so state does not grow without bound.
 * Runs as a committer command now and then; at most {@code MAX_PER_PASS} tasks a pass.
 */
public final class StoppedTaskJanitor implements AutoCloseable {
    private static final int MAX_PER_PASS = 5_000;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("berth-janitor").daemon().factory());

    public StoppedTaskJanitor(Committer committer, Clock clock, Duration retention, Duration every) {
        long ms = every.toMillis();
        timer.scheduleWithFixedDelay(() -> committer.submit(tx -> sweep(tx, clock.instant().minus(retention))), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Deletes tasks stopped before {@code cutoff}; returns how many. */
    static int sweep(Tx tx, Instant cutoff) {
        int n = 0;
        for (Task t : tx.state().range(Keys.TASKS, Task.class)) {
            if (n >= MAX_PER_PASS) break;
            if (t.last() != TaskStatus.STOPPED) continue;
            Instant stopped = t.stoppedAt() != null ? t.stoppedAt() : t.createdAt();
            if (stopped == null || !stopped.isBefore(cutoff)) continue;
            String cluster = Arns.clusterName(t.clusterArn());
            String id = Arns.lastSegment(t.taskArn());
            tx.delete(Keys.task(cluster, id));
            if (tx.state().get(Keys.protection(cluster, id), io.berth.model.ecs.TaskProtection.class).isPresent()) {
                tx.delete(Keys.protection(cluster, id));
            }
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
