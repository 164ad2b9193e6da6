package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** Tasks that declare GPUs get whole unassigned GPUs of the instance; others pass. */
public final class GpuCheck implements Check {
    private static final String NAME = "gpu";
    private static final Optional<Veto> NO = Optional.of(new Veto(NAME, "RESOURCE:GPU", null));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        int want = req.demand().gpu();
        if (want == 0) return Optional.empty();
        return want <= c.gpuFree() - tally.gpu(c.arn()) ? Optional.empty() : NO;
    }

    @Override
    public String detail(Candidate c, PlacementRequest req, Tally tally) {
        return "needs " + req.demand().gpu() + " GPUs, " + (c.gpuFree() - tally.gpu(c.arn())) + " free";
    }
}
