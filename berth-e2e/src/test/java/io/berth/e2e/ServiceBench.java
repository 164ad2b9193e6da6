package io.berth.e2e;

import io.berth.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Benchmark, not a test gate: on real Docker with two local hosts, (1) from {@code docker kill} of a
 * service task's container to its replacement RUNNING, and (2) a 10-task rolling deployment
 * (100/200) from UpdateService until one deployment with 10 RUNNING tasks remains. Writes
 * {@code target/bench/services.txt}.
 *
 * <p>Run: {@code ./mvnw -B -q -pl berth-e2e test -Dtest=ServiceBench -Dberth.bench=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "berth.bench", matches = "true", disabledReason = "a benchmark; run it with -Dberth.bench=true")
class ServiceBench {
    @Test
    void replacementAndRollingDeployment() throws Exception {
        try (Harness h = new Harness("sbench").startServer()) {
            EcsClient ecs = h.ecs();
            ecs.createCluster(b -> b.clusterName("sbench"));
            h.startAgent(1);
            h.startAgent(2);
            for (String v : List.of("v1", "v2", "v3", "v4")) {
                ecs.registerTaskDefinition(b -> b.family("s").containerDefinitions(ContainerDefinition.builder()
                        .name("app").image(Docker.BUSYBOX).memory(16).stopTimeout(0).command("sleep", "600")
                        .environment(e -> e.name("V").value(v)).build()));
            }
            ecs.createService(b -> b.cluster("sbench").serviceName("s").taskDefinition("s:1").desiredCount(10));
            stable(ecs, "s:1");
            List<Double> replace = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                List<Task> tasks = running(ecs);
                Task victim = tasks.get(0);
                String id = Docker.containers(Labels.TASK_ARN, victim.taskArn(), false).get(0);
                long t0 = System.nanoTime();
                Docker.run("kill", id);
                Await.until("replaced", Duration.ofSeconds(60), () -> running(ecs),
                        r -> r.size() == 10 && r.stream().noneMatch(t -> t.taskArn().equals(victim.taskArn())));
                replace.add((System.nanoTime() - t0) / 1e6);
                stable(ecs, "s:1");
            }
            List<Double> rollouts = new ArrayList<>();
            for (String td : List.of("s:2", "s:3", "s:4")) {
                long t0 = System.nanoTime();
                ecs.updateService(b -> b.cluster("sbench").service("s").taskDefinition(td));
                stable(ecs, td);
                rollouts.add((System.nanoTime() - t0) / 1e6);
            }
            Collections.sort(replace);
            Collections.sort(rollouts);
            String report = String.format(Locale.ROOT, "docker kill -> replacement RUNNING, 5 runs: median %.0f ms, max %.0f ms%n"
                    + "10-task rolling deployment (100/200) on Docker, 3 runs: median %.1f s, max %.1f s%n",
                    replace.get(2), replace.get(4), rollouts.get(1) / 1000, rollouts.get(2) / 1000);
            System.out.print(report);
            Path out = Path.of("target", "bench", "services.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }

    private static List<Task> running(EcsClient ecs) {
        List<String> arns = ecs.listTasks(b -> b.cluster("sbench").serviceName("s")).taskArns();
        if (arns.isEmpty()) return List.of();
        return ecs.describeTasks(b -> b.cluster("sbench").tasks(arns)).tasks().stream().filter(t -> "RUNNING".equals(t.lastStatus())).toList();
    }

    private static void stable(EcsClient ecs, String td) {
        Await.until("stable on " + td, Duration.ofSeconds(180), () -> ecs.describeServices(b -> b.cluster("sbench").services("s")).services().get(0),
                (Service s) -> s.deployments().size() == 1 && s.taskDefinition().endsWith(td) && s.runningCount() == 10 && s.pendingCount() == 0);
    }
}
