package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** Only ACTIVE instances take tasks; ECS reports {@code INACTIVE} (and Berth {@code DRAINING}) otherwise. */
public final class StatusCheck implements Check {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        if ("ACTIVE".equals(c.status())) return Optional.empty();
        return Optional.of(new Veto(name(), c.status(), "the instance is " + c.status()));
    }
}
