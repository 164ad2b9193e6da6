package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.AgentConfig;
import io.berth.agent.BerthAgent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.*;

/**
 * Placement end to end on real Docker: three loopback hosts in three zones, two of them "gold";
 * RunTask with memberOf, distinctInstance and chained strategies puts containers where the rules
 * say, and they run.
 */
class PlacementDockerTest {
    static Harness h;
    static EcsClient ecs;
    static final List<BerthAgent> agents = new ArrayList<>();
    static final List<String> arns = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        h = new Harness("place").startServer();
        ecs = h.ecs();
        ecs.createCluster(b -> b.clusterName("place"));
        String[] zones = {"us-east-1a", "us-east-1b", "us-east-1c"};
        for (int n = 1; n <= 3; n++) {
            AgentConfig c = AgentConfig.builder(URI.create(h.url()), "place", Harness.hostAddress(n), h.dir.resolve("agent-" + n))
                    .cpu(1024).memoryMiB(1024).introspectionPort(0)
                    .attributes(Map.of("berth.machine-id", "e2e-place", "ecs.availability-zone", zones[n - 1], "tier", n < 3 ? "gold" : "silver"))
                    .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).containerStopTimeout(Duration.ofSeconds(2)).build();
            BerthAgent a = new BerthAgent(c);
            a.start();
            agents.add(a);
            arns.add(a.containerInstanceArn());
        }
        ecs.registerTaskDefinition(b -> b.family("sleeper").containerDefinitions(ContainerDefinition.builder()
                .name("app").image(Docker.BUSYBOX).memory(32).stopTimeout(1).command("sleep", "600").build()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (BerthAgent a : agents) a.close();
        h.close();
    }

    private static List<Task> awaitRunning(List<Task> tasks) {
        List<String> ids = tasks.stream().map(Task::taskArn).toList();
        return Await.until("tasks RUNNING", Duration.ofSeconds(90), () -> ecs.describeTasks(b -> b.cluster("place").tasks(ids)).tasks(),
                ts -> ts.stream().allMatch(t -> "RUNNING".equals(t.lastStatus())));
    }

    @Test
    void constraintsAndStrategiesDecideWhereContainersRun() {
        RunTaskResponse gold = ecs.runTask(b -> b.cluster("place").taskDefinition("sleeper").count(4).group("gold-batch")
                .placementConstraints(PlacementConstraint.builder().type(PlacementConstraintType.MEMBER_OF).expression("attribute:tier == gold").build())
                .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.SPREAD).field("attribute:ecs.availability-zone").build(),
                        PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("memory").build()));
        assertThat(gold.failures()).isEmpty();
        Map<String, Long> per = gold.tasks().stream().collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
        assertThat(per).containsOnlyKeys(arns.get(0), arns.get(1)).containsValues(2L, 2L);
        awaitRunning(gold.tasks());

        RunTaskResponse distinct = ecs.runTask(b -> b.cluster("place").taskDefinition("sleeper").count(3).group("one-each")
                .placementConstraints(PlacementConstraint.builder().type(PlacementConstraintType.DISTINCT_INSTANCE).build(),
                        PlacementConstraint.builder().type(PlacementConstraintType.MEMBER_OF).expression("not(task:group == gold-batch)").build()));
        assertThat(distinct.tasks()).extracting(Task::containerInstanceArn).containsExactly(arns.get(2));
        assertThat(distinct.failures()).extracting(Failure::reason).containsExactlyInAnyOrder("MemberOf", "MemberOf", "DistinctInstance");
        List<Task> running = awaitRunning(distinct.tasks());
        assertThat(running.get(0).availabilityZone()).isEqualTo("us-east-1c");
        for (Task t : gold.tasks()) ecs.stopTask(b -> b.cluster("place").task(t.taskArn()));
        for (Task t : distinct.tasks()) ecs.stopTask(b -> b.cluster("place").task(t.taskArn()));
    }
}
