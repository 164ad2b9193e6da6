package io.berth.scheduler.rank;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.ClusterView;
import io.berth.scheduler.SpreadField;
import io.berth.scheduler.Tally;
import java.util.Map;

/**
 * {@code spread}: the score is how many tasks of the group already run under the instance's value
 * of the field (the instance itself for {@code instanceId}), across the whole cluster.
 */
public final class SpreadRanker implements Ranker {
    private final SpreadField field;
    private final String group;
    private final Map<String, Integer> counts; // value -> tasks of the group, attribute fields only

    public SpreadRanker(SpreadField field, String group, ClusterView view) {
        this.field = field;
        this.group = group;
        this.counts = field.isInstance() ? null : new java.util.HashMap<>(view.groupCountsBy(field, group));
    }

    @Override
    public String name() {
        return "spread(" + field + ")";
    }

    @Override
    public long score(Candidate c, Tally tally) {
        if (counts == null) return tally.groupCount(c, group);
        return counts.getOrDefault(field.valueOf(c), 0);
    }

    @Override
    public void placed(Candidate c) {
        if (counts != null) counts.merge(field.valueOf(c), 1, Integer::sum);
    }
}
