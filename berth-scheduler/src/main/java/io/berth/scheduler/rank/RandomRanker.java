package io.berth.scheduler.rank;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.Tally;

/** {@code random}: a score drawn from the request's seed, the copy number and the instance. */
public final class RandomRanker implements Ranker {
    private final long seed;

    public RandomRanker(long seed) {
        this.seed = seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public long score(Candidate c, Tally tally) {
        return mix(seed + 0x9E3779B97F4A7C15L * (tally.placed() + 1) + c.arn().hashCode()) >>> 1;
    }

    /** SplitMix64's finalizer: spreads nearby inputs over the whole range. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
