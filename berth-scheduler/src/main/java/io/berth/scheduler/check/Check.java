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

    /** Empty when the instance passes this rule, else the reason it does not. */
    Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally);
}
