package io.berth.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The instances of one cluster that a request may be placed on, in a stable order. */
public interface ClusterView {
    List<? extends Candidate> candidates();

    /**
     * How many tasks of {@code group} run on instances with each value of a spread field
     * ({@code instanceId} or {@code attribute:<name>}); instances lacking the attribute count under
     * "". Views that keep these figures up to date (the engine benchmark) override this scan; the
     * engine only reads the map, and only during one {@link Placer#place} call.
     */
    default Map<String, Integer> groupCountsBy(SpreadField field, String group) {
        Map<String, Integer> out = new HashMap<>();
        for (Candidate c : candidates()) {
            int n = c.groupCount(group);
            if (n > 0) out.merge(field.valueOf(c), n, Integer::sum);
        }
        return out;
    }

    static ClusterView of(List<? extends Candidate> candidates) {
        return () -> candidates;
    }
}
