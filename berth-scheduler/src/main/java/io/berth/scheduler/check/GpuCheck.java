package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** Tasks that declare GPUs get whole unassigned GPUs of the instance; others pass. */
public final class GpuCheck implements Check {
    @Override
    public String name() {
        return "gpu";
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        int want = req.demand().gpu();
        if (want == 0) return Optional.empty();
        int free = c.gpuFree() - tally.gpu(c.arn());
        if (want <= free) return Optional.empty();
        return Optional.of(new Veto(name(), "RESOURCE:GPU", "needs " + want + " GPUs, " + free + " free"));
    }
}
