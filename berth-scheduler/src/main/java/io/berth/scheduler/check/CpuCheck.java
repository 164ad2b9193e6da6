package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** The task's CPU units fit in what the instance has left. */
public final class CpuCheck implements Check {
    private static final String NAME = "cpu";
    private static final Optional<Veto> NO = Optional.of(new Veto(NAME, "RESOURCE:CPU", null));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        return req.demand().cpu() <= c.cpuFree() - tally.cpu(c.arn()) ? Optional.empty() : NO;
    }

    @Override
    public String detail(Candidate c, PlacementRequest req, Tally tally) {
        return "needs " + req.demand().cpu() + " CPU units, " + (c.cpuFree() - tally.cpu(c.arn())) + " free";
    }
}
