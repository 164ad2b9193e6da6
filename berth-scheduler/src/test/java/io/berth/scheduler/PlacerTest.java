package io.berth.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.scheduler.query.Query;
import io.berth.scheduler.testing.Host;
import io.berth.scheduler.testing.SimCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenarios of the pipeline: which reason ECS reports, what explain shows. */
class PlacerTest {
    private final SimCluster cluster = new SimCluster();
    private final Host small = cluster.add(new Host("arn:ci/a-small", "m1", 512, 512, 0).attr("ecs.availability-zone", "us-east-1a"));
    private final Host big = cluster.add(new Host("arn:ci/b-big", "m2", 4096, 8192, 0).attr("ecs.availability-zone", "us-east-1b").attr("tier", "gold"));
    private final Host gpu = cluster.add(new Host("arn:ci/c-gpu", "m3", 4096, 8192, 2).attr("ecs.availability-zone", "us-east-1c"));
    private final Host away = cluster.add(new Host("arn:ci/d-away", "m4", 4096, 8192, 0).connected(false));

    private static TaskDemand demand(int cpu, int memory, int gpu) {
        return new TaskDemand(cpu, memory, gpu, List.of(), List.of(), false);
    }

    private Placement place(TaskDemand d, PlacementSpec spec, int count) {
        return Placer.exhaustive().place(cluster, new PlacementRequest(d, "family:web", spec, count, 7, true));
    }

    @Test
    void eachInstanceReportsTheFirstRuleThatTurnedItDown() {
        Placement p = place(demand(1024, 1024, 1), new PlacementSpec(List.of(new Constraint.MemberOf(Query.parse("attribute:tier == gold"))), List.of()), 1);
        assertThat(p.instances()).isEmpty();
        assertThat(p.failures()).extracting(Placement.Failure::arn, Placement.Failure::reason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(small.arn(), "RESOURCE:CPU"),
                org.assertj.core.groups.Tuple.tuple(big.arn(), "RESOURCE:GPU"),
                org.assertj.core.groups.Tuple.tuple(gpu.arn(), "MemberOf"),
                org.assertj.core.groups.Tuple.tuple(away.arn(), "AGENT"));
        assertThat(p.explanation().rejected()).containsEntry("RESOURCE:CPU", 1).containsEntry("MemberOf", 1);
    }

    @Test
    void copiesCountAgainstEachOtherAndDistinctInstanceHolds() {
        Placement p = place(demand(1024, 1024, 0), new PlacementSpec(List.of(new Constraint.DistinctInstance()),
                List.of(new Strategy.Binpack(Strategy.Resource.MEMORY))), 3);
        assertThat(p.instances()).containsExactly(big.arn(), gpu.arn());
        assertThat(p.failures()).extracting(Placement.Failure::reason).containsExactlyInAnyOrder("RESOURCE:CPU", "DistinctInstance", "DistinctInstance", "AGENT");
    }

    @Test
    void explainListsScoresPerStrategyAndTheChoice() {
        cluster.commit(big, demand(0, 0, 0), "family:web");
        Placement p = place(demand(256, 256, 0), new PlacementSpec(List.of(), List.of(
                new Strategy.Spread(new SpreadField("ecs.availability-zone")), new Strategy.Binpack(Strategy.Resource.MEMORY))), 1);
        Explanation e = p.explanation();
        assertThat(e.strategies()).containsExactly("spread(attribute:ecs.availability-zone)", "binpack(memory)");
        assertThat(e.chosen()).isEqualTo(small.arn());
        assertThat(e.verdicts()).filteredOn(v -> v.arn().equals(small.arn())).singleElement()
                .satisfies(v -> assertThat(v.scores()).containsExactly(0L, 256L)).satisfies(v -> assertThat(v.chosen()).isTrue());
        assertThat(e.verdicts()).filteredOn(v -> v.arn().equals(big.arn())).singleElement()
                .satisfies(v -> assertThat(v.scores()).containsExactly(1L, 8192L - 256L));
        assertThat(e.verdicts()).filteredOn(v -> v.arn().equals(away.arn())).singleElement()
                .satisfies(v -> assertThat(v.veto().reason()).isEqualTo("AGENT"));
        assertThat(e.total()).isEqualTo(4);
        assertThat(e.feasible()).isEqualTo(3);
    }

    @Test
    void anEmptyClusterSaysSo() {
        Placement p = Placer.exhaustive().place(ClusterView.of(List.of()), new PlacementRequest(demand(1, 1, 0), "g", PlacementSpec.NONE, 1, 0, false));
        assertThat(p.failures()).extracting(Placement.Failure::reason).containsExactly(Placement.NO_INSTANCES);
    }

    @Test
    void theSameSeedGivesTheSameRandomChoices() {
        PlacementSpec random = new PlacementSpec(List.of(), PlacementSpec.RUN_TASK_DEFAULT);
        List<String> a = Placer.exhaustive().place(cluster, new PlacementRequest(demand(1, 1, 0), "g", random, 10, 42, false)).instances();
        List<String> b = Placer.exhaustive().place(cluster, new PlacementRequest(demand(1, 1, 0), "g", random, 10, 42, false)).instances();
        assertThat(a).isEqualTo(b).hasSize(10);
        assertThat(a.stream().distinct().count()).as("random is not stuck on one instance").isGreaterThan(1);
    }
}
