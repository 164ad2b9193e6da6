package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.Optional;

/** One feasibility rule. Pure: reads the candidate, the request and what the request placed so far. */
public interface Check {
    /** The rule's name as {@code explain} shows it. */
    String name();

    /**
     * Empty when the instance passes this rule, else the reason it does not. The veto carries no
     * detail: that is built by {@link #detail} only when someone reads it, as the hot path does not.
     */
    Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally);

    /** Why {@code c} fails this rule, for people; called with the same arguments as a vetoing {@link #check}. */
    String detail(Candidate c, PlacementRequest req, Tally tally);
}
