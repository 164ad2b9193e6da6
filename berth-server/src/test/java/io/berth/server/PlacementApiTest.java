package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.*;

/** RunTask and StartTask placement rules through the SDK, over instances that {@link FakeAgents} registers and connects. */
class PlacementApiTest extends FakeAgentsApiTest {
    private String host(String az, int memory, Map<String, String> more) throws Exception {
        Map<String, String> attrs = new java.util.HashMap<>(more);
        attrs.put("ecs.availability-zone", az);
        String arn = agents.register("default", 4096, memory, attrs);
        agents.connectAcs(arn).next("TaskManifestMessage");
        return arn;
    }

    private void define(String family, int memory, TaskDefinitionPlacementConstraint... constraints) {
        ecs.registerTaskDefinition(b -> b.family(family).placementConstraints(constraints)
                .containerDefinitions(ContainerDefinition.builder().name("a").image("x").memory(memory).build()));
    }

    private static Map<String, Long> perInstance(List<Task> tasks) {
        return tasks.stream().collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
    }

    @Test
    void spreadOverZonesThenBinpackOnMemory() throws Exception {
        String a1 = host("us-east-1a", 1024, Map.of());
        String a2 = host("us-east-1a", 2048, Map.of());
        String b1 = host("us-east-1b", 1024, Map.of());
        String c1 = host("us-east-1c", 1024, Map.of());
        define("web", 128);
        RunTaskResponse r = ecs.runTask(x -> x.taskDefinition("web").count(6).placementStrategy(
                PlacementStrategy.builder().type(PlacementStrategyType.SPREAD).field("attribute:ecs.availability-zone").build(),
                PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("memory").build()));
        assertThat(r.failures()).isEmpty();
        Map<String, Long> per = perInstance(r.tasks());
        assertThat(per).containsEntry(b1, 2L).containsEntry(c1, 2L).containsEntry(a1, 2L).doesNotContainKey(a2);
        // the next spread counts the six already running in the group
        RunTaskResponse more = ecs.runTask(x -> x.taskDefinition("web").count(3).placementStrategy(
                PlacementStrategy.builder().type(PlacementStrategyType.SPREAD).field("attribute:ecs.availability-zone").build()));
        assertThat(more.tasks()).extracting(Task::availabilityZone).containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c");
    }

    @Test
    void constraintsFromTheRequestAndTheTaskDefinitionBothBind() throws Exception {
        String gold = host("us-east-1a", 1024, Map.of("tier", "gold"));
        String gold2 = host("us-east-1b", 1024, Map.of("tier", "gold"));
        String silver = host("us-east-1c", 1024, Map.of("tier", "silver"));
        define("db", 64, TaskDefinitionPlacementConstraint.builder().type(TaskDefinitionPlacementConstraintType.MEMBER_OF)
                .expression("attribute:tier == gold").build());
        RunTaskResponse r = ecs.runTask(x -> x.taskDefinition("db").count(3).group("databases").placementConstraints(
                PlacementConstraint.builder().type(PlacementConstraintType.DISTINCT_INSTANCE).build()));
        assertThat(r.tasks()).extracting(Task::containerInstanceArn).containsExactlyInAnyOrder(gold, gold2);
        assertThat(r.tasks()).extracting(Task::group).containsOnly("databases");
        assertThat(r.failures()).extracting(Failure::arn, Failure::reason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(gold, "DistinctInstance"), org.assertj.core.groups.Tuple.tuple(gold2, "DistinctInstance"),
                org.assertj.core.groups.Tuple.tuple(silver, "MemberOf"));
        // task affinity: with the databases
        define("cache", 64);
        RunTaskResponse near = ecs.runTask(x -> x.taskDefinition("cache").count(4).placementConstraints(
                PlacementConstraint.builder().type(PlacementConstraintType.MEMBER_OF).expression("task:group == databases").build()));
        assertThat(near.tasks()).extracting(Task::containerInstanceArn).hasSize(4).isSubsetOf(gold, gold2);
        // and the listing filter speaks the same language
        assertThat(ecs.listContainerInstances(x -> x.filter("not(task:group == databases) or attribute:ecs.availability-zone in [us-east-1a]"))
                .containerInstanceArns()).containsExactlyInAnyOrder(silver, gold);
        assertThat(ecs.listContainerInstances(x -> x.filter("runningTasksCount == 0 and agentConnected == true")).containerInstanceArns())
                .as("tasks are PENDING until an agent reports them RUNNING").hasSize(3);
    }

    @Test
    void startTaskChecksResourcesAndTaskDefinitionConstraintsButNotStrategies() throws Exception {
        String small = host("us-east-1a", 256, Map.of());
        String gold = host("us-east-1b", 4096, Map.of("tier", "gold"));
        define("big", 512);
        StartTaskResponse s = ecs.startTask(x -> x.taskDefinition("big").containerInstances(small, gold));
        assertThat(s.tasks()).extracting(Task::containerInstanceArn).containsExactly(gold);
        assertThat(s.failures()).extracting(Failure::arn, Failure::reason).containsExactly(org.assertj.core.groups.Tuple.tuple(small, "RESOURCE:MEMORY"));
        define("goldonly", 16, TaskDefinitionPlacementConstraint.builder().type(TaskDefinitionPlacementConstraintType.MEMBER_OF)
                .expression("attribute:tier exists").build());
        StartTaskResponse g = ecs.startTask(x -> x.taskDefinition("goldonly").containerInstances(small));
        assertThat(g.failures()).extracting(Failure::reason).containsExactly("MemberOf");
    }

    @Test
    void disconnectedAgentsAndInvalidRulesAreReportedAsEcsDoes() throws Exception {
        String away = agents.register("default", 1024, 1024, Map.of());
        define("web", 16);
        RunTaskResponse r = ecs.runTask(x -> x.taskDefinition("web"));
        assertThat(r.failures()).extracting(Failure::arn, Failure::reason).containsExactly(org.assertj.core.groups.Tuple.tuple(away, "AGENT"));
        assertThatThrownBy(() -> ecs.runTask(x -> x.taskDefinition("web").placementStrategy(
                PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("disk").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("cpu or memory");
        assertThatThrownBy(() -> ecs.runTask(x -> x.taskDefinition("web").placementConstraints(
                PlacementConstraint.builder().type(PlacementConstraintType.MEMBER_OF).expression("attribute:x === y").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("position");
        List<PlacementStrategy> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) six.add(PlacementStrategy.builder().type(PlacementStrategyType.RANDOM).build());
        assertThatThrownBy(() -> ecs.runTask(x -> x.taskDefinition("web").placementStrategy(six)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("at most 5");
    }

    @Test
    void explainPlacementListsEveryInstanceWithItsRuleOrScores() throws Exception {
        String a = host("us-east-1a", 1024, Map.of());
        String b = host("us-east-1b", 128, Map.of());
        define("web", 256);
        JsonNode e = agents.call("ExplainPlacement", Json.object().put("taskDefinition", "web")
                .set("placementStrategy", Json.MAPPER.readTree("[{\"type\":\"binpack\",\"field\":\"memory\"}]")));
        assertThat(e.path("chosen").asText()).isEqualTo(a);
        assertThat(e.path("strategies").get(0).asText()).isEqualTo("binpack(memory)");
        assertThat(e.path("rejected").path("RESOURCE:MEMORY").asInt()).isEqualTo(1);
        assertThat(e.path("verdicts").get(0).path("scores").get(0).asInt()).isEqualTo(1024 - 256);
        assertThat(e.path("verdicts").get(1).path("arn").asText()).isEqualTo(b);
        assertThat(e.path("verdicts").get(1).path("detail").asText()).contains("needs 256 MiB, 128 free");
        assertThat(ecs.listTasks().taskArns()).as("explaining places nothing").isEmpty();
    }

    @Test
    void concurrentRunTasksNeverOvercommit() throws Exception {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 4; i++) hosts.add(host("us-east-1" + "abc".charAt(i % 3), 1000, Map.of()));
        define("fill", 100); // 10 fit on each host: 40 in all
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RunTaskResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit((Callable<RunTaskResponse>) () -> ecs.runTask(x -> x.taskDefinition("fill").count(5))));
            }
            List<Task> all = new ArrayList<>();
            for (Future<RunTaskResponse> f : calls) all.addAll(f.get().tasks());
            assertThat(all).hasSize(40);
            assertThat(perInstance(all).values()).containsOnly(10L);
        } finally {
            pool.shutdownNow();
        }
        for (ContainerInstance ci : ecs.describeContainerInstances(x -> x.containerInstances(hosts)).containerInstances()) {
            assertThat(ci.remainingResources()).filteredOn(r -> r.name().equals("MEMORY")).singleElement()
                    .satisfies(r -> assertThat(r.integerValue()).isZero());
        }
    }
}
