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
    private final Map<String, Integer> counts; // value -> tasks of the group, as the view has them (read only)
    private Map<String, Integer> added; // value -> tasks this request placed

    public SpreadRanker(SpreadField field, String group, ClusterView view) {
        this.field = field;
        this.group = group;
        this.counts = field.isInstance() ? null : view.groupCountsBy(field, group);
    }

    @Override
    public String name() {
        return "spread(" + field + ")";
    }

    @Override
    public long score(Candidate c, Tally tally) {
        if (counts == null) return tally.groupCount(c, group);
        String value = field.valueOf(c);
        return counts.getOrDefault(value, 0) + (added == null ? 0 : added.getOrDefault(value, 0));
    }

    @Override
    public void placed(Candidate c) {
        if (counts == null) return;
        if (added == null) added = new java.util.HashMap<>();
        added.merge(field.valueOf(c), 1, Integer::sum);
    }
}
