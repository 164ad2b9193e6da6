package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** The task's reserved memory (soft limit, else hard limit) fits in what the instance has left. */
public final class MemoryCheck implements Check {
    private static final String NAME = "memory";
    private static final Optional<Veto> NO = Optional.of(new Veto(NAME, "RESOURCE:MEMORY", null));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        return req.demand().memory() <= c.memoryFree() - tally.memory(c.arn()) ? Optional.empty() : NO;
    }

    @Override
    public String detail(Candidate c, PlacementRequest req, Tally tally) {
        return "needs " + req.demand().memory() + " MiB, " + (c.memoryFree() - tally.memory(c.arn())) + " free";
    }
}
