package io.berth.agent.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Jittered exponential backoff: each wait is drawn from [d/2, d], d doubling up to the cap. */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long current;

    Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.current = minMillis;
    }

    Duration next() {
        long d = current;
        current = Math.min(maxMillis, current * 2);
        return Duration.ofMillis(d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1));
    }

    void reset() {
        current = minMillis;
    }
}
