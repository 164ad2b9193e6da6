package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.BerthAgent;
import io.berth.agent.sim.SimHosts;
import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import io.berth.server.state.Keys;
import io.berth.store.memory.MemoryStateStore;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A few hundred hollow hosts in this JVM next to the server: they all register and connect, tasks
 * run on them, and the hosts add almost no platform threads (they share one set of clients and
 * run on virtual threads). Guards the sharing that lets thousands of hosts fit in one JVM.
 */
class HollowHostsScaleTest {
    static final int HOSTS = 300;
    /** Each host used to bring a Jetty pool and selector plus two JDK selector threads, over a thousand
     * threads here; the bound leaves room for the server's own pool growing under load. */
    static final int MAX_NEW_PLATFORM_THREADS = 150;

    @Test
    void hundredsOfHostsRegisterConnectAndRunTasksWithoutThreadsOfTheirOwn() throws Exception {
        Path root = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir")),
                "berth-hollow-scale-");
        try (BerthServer server = new BerthServer(new ServerConfig("127.0.0.1", 0, null, root.resolve("server"), null, Duration.ofSeconds(5)),
                new MemoryStateStore()).start();
             EcsClient ecs = EcsClient.builder().endpointOverride(URI.create(server.url())).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("berth", "berth"))).build();
             SimHosts sim = new SimHosts()) {
            ecs.createCluster(b -> b.clusterName("scale"));
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            int started = sim.start(new SimHosts.Spec(URI.create(server.url()), "scale", 1024, 2048, "us-east-1", Duration.ZERO,
                    root.resolve("hosts"), Map.of()), HOSTS, 64);

            assertThat(started).isEqualTo(HOSTS);
            assertThat(sim.agents()).allMatch(BerthAgent::acsConnected);
            // an agent counts itself connected once its upgrade is answered; the server may register the socket a moment later
            Await.until("every host's socket registered by the server", Duration.ofSeconds(30), () -> server.state().instancesOf("scale"),
                    is -> is.size() == HOSTS && is.stream().allMatch(i -> server.gateway().connected(i.containerInstanceArn())));
            int newThreads = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
            assertThat(newThreads).as("platform threads the hosts added").isLessThan(MAX_NEW_PLATFORM_THREADS);

            ecs.registerTaskDefinition(b -> b.family("scale").containerDefinitions(ContainerDefinition.builder()
                    .name("app").image("example/app:1").memory(64).cpu(32).build()));
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                var r = ecs.runTask(b -> b.cluster("scale").taskDefinition("scale").count(10));
                assertThat(r.failures()).isEmpty();
                r.tasks().forEach(t -> arns.add(t.taskArn()));
            }
            for (int i = 0; i < arns.size(); i += 100) {
                List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 100));
                Await.until("tasks RUNNING", Duration.ofSeconds(60), () -> ecs.describeTasks(b -> b.cluster("scale").tasks(chunk)).tasks(),
                        ts -> ts.size() == chunk.size() && ts.stream().map(Task::lastStatus).allMatch("RUNNING"::equals));
            }
            long hostsWithTasks = server.state().range(Keys.tasksOf("scale"), io.berth.model.ecs.Task.class).stream()
                    .map(io.berth.model.ecs.Task::containerInstanceArn).distinct().count();
            assertThat(hostsWithTasks).as("hosts running tasks (random placement of 300 tasks on 300 hosts)").isGreaterThan(HOSTS / 2);
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
