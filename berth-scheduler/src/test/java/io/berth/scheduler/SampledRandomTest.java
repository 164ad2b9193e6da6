package io.berth.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.scheduler.testing.Host;
import io.berth.scheduler.testing.SimCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code random} on a sampled cluster: a uniform pick over the instances that fit, and exact checks. */
class SampledRandomTest {
    private static final PlacementSpec RANDOM = new PlacementSpec(List.of(), PlacementSpec.RUN_TASK_DEFAULT);

    private static TaskDemand demand(int memory) {
        return new TaskDemand(1, memory, 0, List.of(), List.of(), false);
    }

    /** 40 instances with room behind 160 without, in runs; every feasible one should be picked about equally. */
    @Test
    void picksUniformlyAmongFeasibleInstancesEvenWhenTheyCluster() {
        SimCluster cluster = new SimCluster();
        for (int i = 0; i < 200; i++) {
            boolean room = i % 50 >= 40; // runs of 40 full instances, then 10 with room
            cluster.add(new Host(String.format("arn:ci/i-%03d", i), "m" + i, 4096, room ? 8192 : 16, 0));
        }
        Placer placer = new Placer(8);
        Map<String, Integer> picks = new HashMap<>();
        int draws = 40_000;
        for (int seed = 0; seed < draws; seed++) {
            Placement p = placer.place(cluster, new PlacementRequest(demand(512), "g", RANDOM, 1, seed, false));
            picks.merge(p.instances().get(0), 1, Integer::sum);
        }
        assertThat(picks).hasSize(40);
        double expected = draws / 40.0;
        double chiSquare = picks.values().stream().mapToDouble(n -> (n - expected) * (n - expected) / expected).sum();
        assertThat(chiSquare).as("chi-square over 39 degrees of freedom (p = 0.001 at 72.1)").isLessThan(72.1);
    }

    @Test
    void fallsBackToEveryInstanceWhenFewFitAndNeverOvercommits() {
        SimCluster cluster = new SimCluster();
        for (int i = 0; i < 500; i++) cluster.add(new Host(String.format("arn:ci/i-%03d", i), "m" + i, 4096, i == 317 ? 1024 : 16, 0));
        Placement p = new Placer(8).place(cluster, new PlacementRequest(demand(512), "g", RANDOM, 3, 1, false));
        assertThat(p.instances()).containsExactly("arn:ci/i-317", "arn:ci/i-317");
        assertThat(p.failures()).isNotEmpty().allSatisfy(f -> assertThat(f.reason()).isEqualTo("RESOURCE:MEMORY"));
    }
}
