package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** The task's CPU units fit in what the instance has left. */
public final class CpuCheck implements Check {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        int free = c.cpuFree() - tally.cpu(c.arn());
        if (req.demand().cpu() <= free) return Optional.empty();
        return Optional.of(new Veto(name(), "RESOURCE:CPU", "needs " + req.demand().cpu() + " CPU units, " + free + " free"));
    }
}
