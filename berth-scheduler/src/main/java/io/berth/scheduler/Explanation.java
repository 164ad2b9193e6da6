package io.berth.scheduler;

import java.util.List;
import java.util.Map;

/**
 * How one copy was placed: each instance considered, with the rule that rejected it or the score
 * every strategy gave it, and which one was chosen. With sampling, instances beyond the sample are
 * not listed; {@code scanned} and {@code total} say how many were looked at.
 *
 * @param strategies the strategies in the order they were applied, naming the score columns
 * @param rejected   how many instances each ECS reason rejected
 */
public record Explanation(List<String> strategies, List<Verdict> verdicts, Map<String, Integer> rejected,
                          int total, int scanned, int feasible, String chosen) {

    /** One instance: either a veto, or the scores (lower is better) in strategy order. */
    public record Verdict(String arn, Veto veto, List<Long> scores, boolean chosen) {
        public boolean accepted() {
            return veto == null;
        }
    }
}
