package io.berth.e2e;

import io.berth.agent.sim.SimHosts;
import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import io.berth.server.service.ServiceReconciler;
import io.berth.store.sqlite.SqliteStateStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Benchmark, not a test gate: {@link ServiceBench}'s 10-task rolling deployment (UpdateService to a
 * new revision, 100/200, until one deployment with 10 RUNNING tasks remains) on hollow hosts instead
 * of Docker: the same server settings (SQLite store, scheduler tick 250 ms, the e2e harness's
 * service timings) and the same two hosts, each a real agent on the simulated runtime, whose
 * containers start and stop at once. What is left is Berth's own time. 5 runs; writes
 * {@code target/bench/services-hollow.txt}.
 *
 * <p>Run: {@code ./mvnw -B -q -pl berth-e2e -am test -Dtest=ServiceHollowBench -Dberth.bench=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "berth.bench", matches = "true", disabledReason = "a benchmark; run it with -Dberth.bench=true")
class ServiceHollowBench {
    private static final int HOSTS = Integer.getInteger("berth.bench.hosts", 2);
    private static final int RUNS = 5;

    @Test
    void rollingDeploymentOnHollowHosts() throws Exception {
        Path dir = Files.createTempDirectory("berth-bench-svc-");
        ServerConfig cfg = new ServerConfig("127.0.0.1", 0, null, dir.resolve("server"), null, Duration.ofSeconds(5))
                .withServices(new ServiceReconciler.Settings(Duration.ofMillis(300), Duration.ofSeconds(3), 50, 50), Duration.ofMillis(250));
        Files.createDirectories(cfg.dataDir());
        try (BerthServer server = new BerthServer(cfg, SqliteStateStore.open(cfg.dataDir())).start();
             EcsClient ecs = EcsClient.builder().endpointOverride(URI.create(server.url())).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("berth", "berth"))).build();
             SimHosts sim = new SimHosts()) {
            ecs.createCluster(b -> b.clusterName("hbench"));
            sim.start(new SimHosts.Spec(URI.create(server.url()), "hbench", 1024, 1024, "us-east-1", Duration.ZERO, dir.resolve("hosts"),
                    Map.of()), HOSTS, HOSTS);
            for (int v = 1; v <= RUNS + 2; v++) {
                String value = "v" + v;
                ecs.registerTaskDefinition(b -> b.family("s").containerDefinitions(ContainerDefinition.builder()
                        .name("app").image("example/app:1").memory(16).stopTimeout(0).environment(e -> e.name("V").value(value)).build()));
            }
            ecs.createService(b -> b.cluster("hbench").serviceName("s").taskDefinition("s:1").desiredCount(10));
            stable(ecs, "s:1");
            // one warm-up deployment (JIT), not counted
            ecs.updateService(b -> b.cluster("hbench").service("s").taskDefinition("s:2"));
            stable(ecs, "s:2");
            List<Double> rollouts = new ArrayList<>();
            for (int v = 3; v <= RUNS + 2; v++) {
                String td = "s:" + v;
                long t0 = System.nanoTime();
                ecs.updateService(b -> b.cluster("hbench").service("s").taskDefinition(td));
                stable(ecs, td);
                rollouts.add((System.nanoTime() - t0) / 1e6);
            }
            List<Double> sorted = new ArrayList<>(rollouts);
            Collections.sort(sorted);
            String report = String.format(Locale.ROOT, "10-task rolling deployment (100/200) on %d hollow hosts, %d runs: median %.2f s, "
                    + "max %.2f s (runs: %s ms)%n", HOSTS, RUNS, sorted.get(RUNS / 2) / 1000, sorted.get(RUNS - 1) / 1000,
                    rollouts.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList());
            System.out.print(report);
            Path out = Path.of("target", "bench", "services-hollow.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }

    private static void stable(EcsClient ecs, String td) {
        Await.until("stable on " + td, Duration.ofSeconds(180), () -> ecs.describeServices(b -> b.cluster("hbench").services("s")).services().get(0),
                (Service s) -> s.deployments().size() == 1 && s.taskDefinition().endsWith(td) && s.runningCount() == 10 && s.pendingCount() == 0);
    }
}
