package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.sim.SimHosts;
import io.berth.agent.sim.SimRuntime;
import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import io.berth.store.memory.MemoryStateStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.*;

/**
 * Hollow hosts: real agents over the simulated runtime against a real control plane, no Docker.
 * Placement rules act on them as on any host, tasks reach RUNNING, and exits reach the server.
 */
class HollowHostsTest {
    static BerthServer server;
    static EcsClient ecs;
    static SimHosts sim;
    static final int HOSTS = 12;

    @BeforeAll
    static void start() throws Exception {
        // the server's data directory holds only the registry's (unused) files; it goes with the hosts' root
        Path root = Files.createTempDirectory("berth-hollow-");
        server = new BerthServer(new ServerConfig("127.0.0.1", 0, null, root.resolve("server"), null, Duration.ofSeconds(5)),
                new MemoryStateStore()).start();
        ecs = EcsClient.builder().endpointOverride(URI.create(server.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("berth", "berth"))).build();
        ecs.createCluster(b -> b.clusterName("hollow"));
        sim = new SimHosts();
        int started = sim.start(new SimHosts.Spec(URI.create(server.url()), "hollow", 2048, 4096, "us-east-1", Duration.ZERO, root,
                Map.of("stack", "prod")), HOSTS, 4);
        assertThat(started).isEqualTo(HOSTS);
    }

    @AfterAll
    static void stop() {
        sim.close();
        ecs.close();
        server.close();
    }

    private static List<Task> awaitRunning(List<String> arns) {
        return Await.until("tasks RUNNING", Duration.ofSeconds(60),
                () -> ecs.describeTasks(b -> b.cluster("hollow").tasks(arns)).tasks(),
                ts -> ts.stream().allMatch(t -> "RUNNING".equals(t.lastStatus())));
    }

    @Test
    void spreadOverZonesOnSimulatedHostsAndTasksRun() {
        ecs.registerTaskDefinition(b -> b.family("sim-web").containerDefinitions(ContainerDefinition.builder()
                .name("app").image("example/web:1").memory(128).cpu(64).build()));
        RunTaskResponse r = ecs.runTask(b -> b.cluster("hollow").taskDefinition("sim-web").count(9)
                .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.SPREAD).field("attribute:ecs.availability-zone").build(),
                        PlacementStrategy.builder().type(PlacementStrategyType.SPREAD).field("instanceId").build())
                .placementConstraints(PlacementConstraint.builder().type(PlacementConstraintType.MEMBER_OF)
                        .expression("attribute:berth.simulated == true and attribute:stack in [prod]").build()));
        assertThat(r.failures()).isEmpty();
        Map<String, Long> perZone = r.tasks().stream().collect(Collectors.groupingBy(Task::availabilityZone, Collectors.counting()));
        assertThat(perZone).containsOnlyKeys("us-east-1a", "us-east-1b", "us-east-1c").allSatisfy((z, n) -> assertThat(n).isEqualTo(3L));
        assertThat(r.tasks()).extracting(Task::containerInstanceArn).doesNotHaveDuplicates();
        awaitRunning(r.tasks().stream().map(Task::taskArn).toList());
    }

    @Test
    void aSimulatedExitStopsTheTaskWithItsCode() {
        ecs.registerTaskDefinition(b -> b.family("sim-job").containerDefinitions(ContainerDefinition.builder()
                .name("job").image("example/job:1").memory(64).essential(true)
                .environment(KeyValuePair.builder().name(SimRuntime.EXIT_CODE_ENV).value("3").build(),
                        KeyValuePair.builder().name(SimRuntime.RUN_MILLIS_ENV).value("200").build()).build()));
        String arn = ecs.runTask(b -> b.cluster("hollow").taskDefinition("sim-job")).tasks().get(0).taskArn();
        Task t = Await.until("job STOPPED", Duration.ofSeconds(60), () -> ecs.describeTasks(b -> b.cluster("hollow").tasks(arn)).tasks().get(0),
                x -> "STOPPED".equals(x.lastStatus()));
        assertThat(t.containers().get(0).exitCode()).isEqualTo(3);
        assertThat(t.stopCode()).isEqualTo(TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
    }
}
