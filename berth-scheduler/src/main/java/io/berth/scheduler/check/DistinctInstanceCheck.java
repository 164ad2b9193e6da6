package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** {@code distinctInstance}: no instance holds two live tasks of the group, counting tasks already there. */
public final class DistinctInstanceCheck implements Check {
    @Override
    public String name() {
        return "distinctInstance";
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        int n = tally.groupCount(c, req.group());
        if (n == 0) return Optional.empty();
        return Optional.of(new Veto(name(), "DistinctInstance", "already runs " + n + " task(s) of group " + req.group()));
    }
}
