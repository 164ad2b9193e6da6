package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** Only ACTIVE instances take tasks; ECS reports {@code INACTIVE} (and Berth {@code DRAINING}) otherwise. */
public final class StatusCheck implements Check {
    private static final String NAME = "status";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        if ("ACTIVE".equals(c.status())) return Optional.empty();
        return Optional.of(new Veto(name(), c.status(), null));
    }

    @Override
    public String detail(Candidate c, PlacementRequest req, Tally tally) {
        return "the instance is " + c.status();
    }
}
