package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** The task's reserved memory (soft limit, else hard limit) fits in what the instance has left. */
public final class MemoryCheck implements Check {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        int free = c.memoryFree() - tally.memory(c.arn());
        if (req.demand().memory() <= free) return Optional.empty();
        return Optional.of(new Veto(name(), "RESOURCE:MEMORY", "needs " + req.demand().memory() + " MiB, " + free + " free"));
    }
}
