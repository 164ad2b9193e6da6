package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** A task is only sent to an instance whose agent is connected now; ECS reports {@code AGENT}. */
public final class AgentCheck implements Check {
    @Override
    public String name() {
        return "agent";
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        if (c.agentConnected()) return Optional.empty();
        return Optional.of(new Veto(name(), "AGENT", "the instance's agent is not connected"));
    }
}
