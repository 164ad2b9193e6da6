package io.berth.server.secrets;

import io.berth.server.state.Committer;
import io.berth.server.state.Keys;
import io.berth.server.state.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes secrets whose recovery window has ended, as a committer command now and then (Secrets
 * Manager also deletes them some time after the window, in the background), so the name can be
 * used again.
 */
public final class SecretPurger implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("berth-secret-purger").daemon().factory());

    public SecretPurger(Committer committer, Clock clock, Duration every) {
        long ms = every.toMillis();
        timer.scheduleWithFixedDelay(() -> committer.submit(tx -> sweep(tx, clock.instant())), 0, ms, TimeUnit.MILLISECONDS);
    }

    /** Deletes every secret whose deletion date is before {@code now}; returns how many. */
    public static int sweep(Tx tx, Instant now) {
        int n = 0;
        for (Secret s : tx.state().range(Keys.SECRETS, Secret.class)) {
            if (s.deletionDate() != null && s.deletionDate().isBefore(now)) {
                tx.delete(Keys.secret(s.name()));
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
