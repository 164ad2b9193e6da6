package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** A task is only sent to an instance whose agent is connected now; ECS reports {@code AGENT}. */
public final class AgentCheck implements Check {
    private static final String NAME = "agent";
    private static final Optional<Veto> NO = Optional.of(new Veto(NAME, "AGENT", null));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        if (c.agentConnected()) return Optional.empty();
        return NO;
    }

    @Override
    public String detail(Candidate c, PlacementRequest req, Tally tally) {
        return "the instance's agent is not connected";
    }
}
