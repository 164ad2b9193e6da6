package io.berth.scheduler.rank;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.Tally;

/**
 * One strategy as a score per feasible instance: lower is better. Instances are ordered by the
 * scores of the strategies in list order, then by their order in the view, so a later strategy only breaks the ties
 * of the ones before it. A ranker lives for one {@link io.berth.scheduler.Placer#place} call.
 */
public interface Ranker {
    String name();

    long score(Candidate c, Tally tally);

    /** Told after each copy is placed, for rankers that keep counts of their own. */
    default void placed(Candidate c) {}
}
