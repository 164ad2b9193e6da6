package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** {@code distinctInstance}: no instance holds two live tasks of the group, counting tasks already there. */
public final class DistinctInstanceCheck implements Check {
    private static final String NAME = "distinctInstance";
    private static final Optional<Veto> NO = Optional.of(new Veto(NAME, "DistinctInstance", null));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        return tally.groupCount(c, req.group()) == 0 ? Optional.empty() : NO;
    }

    @Override
    public String detail(Candidate c, PlacementRequest req, Tally tally) {
        return "already runs " + tally.groupCount(c, req.group()) + " task(s) of group " + req.group();
    }
}
