package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.model.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.*;

/**
 * Services on real Docker with two local hosts: a killed container is replaced, a rolling update
 * keeps serving, a revision that cannot run is rolled back by the circuit breaker, and draining a
 * host moves its tasks.
 */
class ServiceDockerTest {
    static Harness h;
    static EcsClient ecs;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    @BeforeAll
    static void start() throws Exception {
        h = new Harness("svc").startServer();
        ecs = h.ecs();
        ecs.createCluster(b -> b.clusterName("svc"));
        h.startAgent(1);
        h.startAgent(2);
        register("web", "v1");
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    static void register(String family, String body) {
        ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(ContainerDefinition.builder()
                .name("web").image(Docker.BUSYBOX).memory(32).stopTimeout(1)
                .command("sh", "-c", "mkdir -p /www && echo " + body + " > /www/index.html && exec httpd -f -p 8080 -h /www")
                .portMappings(PortMapping.builder().containerPort(8080).build()).build()));
    }

    static Service service(String name) {
        return ecs.describeServices(b -> b.cluster("svc").services(name)).services().get(0);
    }

    static List<Task> running(String name) {
        List<String> arns = ecs.listTasks(b -> b.cluster("svc").serviceName(name)).taskArns();
        if (arns.isEmpty()) return List.of();
        return ecs.describeTasks(b -> b.cluster("svc").tasks(arns)).tasks().stream().filter(t -> "RUNNING".equals(t.lastStatus())).toList();
    }

    static void awaitStable(String name) {
        ecs.waiter().waitUntilServicesStable(b -> b.cluster("svc").services(name),
                w -> w.maxAttempts(240).backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(Duration.ofMillis(250))));
    }

    static boolean serves(Task t, String body) {
        NetworkBinding nb = t.containers().get(0).networkBindings().get(0);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + nb.bindIP() + ":" + nb.hostPort() + "/"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && (body == null || r.body().strip().equals(body));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void killedContainerIsReplacedAndRollingUpdateKeepsServing() throws Exception {
        ecs.createService(b -> b.cluster("svc").serviceName("web").taskDefinition("web").desiredCount(4)
                .deploymentConfiguration(c -> c.minimumHealthyPercent(50).maximumPercent(200)));
        awaitStable("web");
        List<Task> tasks = running("web");
        assertThat(tasks).hasSize(4);
        assertThat(tasks.stream().map(Task::containerInstanceArn).distinct()).hasSize(2);

        // kill one container behind Berth's back: the agent reports it stopped, the scheduler replaces it
        Task victim = tasks.get(0);
        String container = Docker.containers(Labels.TASK_ARN, victim.taskArn(), false).get(0);
        long killedAt = System.nanoTime();
        Docker.run("kill", container);
        Await.until("replacement running", Duration.ofSeconds(30), () -> running("web"),
                r -> r.size() == 4 && r.stream().noneMatch(t -> t.taskArn().equals(victim.taskArn())));
        System.out.printf("docker kill -> replacement RUNNING: %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
        Task dead = ecs.describeTasks(b -> b.cluster("svc").tasks(victim.taskArn())).tasks().get(0);
        assertThat(dead.lastStatus()).isEqualTo("STOPPED");
        assertThat(dead.stopCode()).isEqualTo(TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
        awaitStable("web");

        // rolling update min 50 / max 200 while a client polls every RUNNING task
        register("web", "v2");
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicInteger fewestServing = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger polls = new AtomicInteger();
        Thread poller = Thread.ofVirtual().start(() -> {
            while (polling.get()) {
                int ok = 0;
                for (Task t : running("web")) if (serves(t, null)) ok++;
                fewestServing.accumulateAndGet(ok, Math::min);
                polls.incrementAndGet();
            }
        });
        ecs.updateService(b -> b.cluster("svc").service("web").taskDefinition("web:2"));
        Await.until("v2 rolled out", Duration.ofSeconds(90), () -> service("web"),
                s -> s.deployments().size() == 1 && s.taskDefinition().endsWith("web:2") && s.runningCount() == 4);
        polling.set(false);
        poller.join();
        assertThat(polls.get()).isGreaterThan(3);
        assertThat(fewestServing.get()).as("fewest tasks serving during the update").isGreaterThanOrEqualTo(2);
        assertThat(running("web")).hasSize(4).allSatisfy(t -> assertThat(serves(t, "v2")).isTrue());
    }

    @Test
    void healthChecksGateSteadyStateAndUnhealthyTasksAreReplaced() {
        ecs.registerTaskDefinition(b -> b.family("hc").containerDefinitions(ContainerDefinition.builder()
                .name("web").image(Docker.BUSYBOX).memory(32).stopTimeout(1)
                .command("sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www")
                // generous timeout and retries: on a loaded 2-core CI machine one slow check must not
                // make a healthy task UNHEALTHY before the test marks it sick
                .healthCheck(hc -> hc.command("CMD-SHELL", "test ! -e /www/sick && wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1")
                        .interval(5).timeout(5).retries(3).startPeriod(0))
                .portMappings(PortMapping.builder().containerPort(8080).build()).build()));
        ecs.createService(b -> b.cluster("svc").serviceName("hc").taskDefinition("hc").desiredCount(2));
        // services-stable counts RUNNING tasks; health comes from Docker's checks a moment later
        List<Task> tasks = Await.until("2 healthy tasks", Duration.ofSeconds(60), () -> running("hc"),
                r -> r.size() == 2 && r.stream().allMatch(t -> t.healthStatus() == HealthStatus.HEALTHY));
        // the controller notes the steady state on its next pass after the tasks turned healthy
        Await.until("the steady-state event", Duration.ofSeconds(30), () -> service("hc").events(),
                evs -> evs.stream().anyMatch(e -> e.message().equals("(service hc) has reached a steady state.")));
        assertThat(tasks).hasSize(2).allSatisfy(t -> {
            assertThat(t.healthStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(t.containers().get(0).healthStatus()).isEqualTo(HealthStatus.HEALTHY);
        });
        Task sick = tasks.get(0);
        List<String> sickContainers = Docker.containers(Labels.TASK_ARN, sick.taskArn(), false);
        assertThat(sickContainers).as("running container of healthy task %s", sick.taskArn()).hasSize(1);
        Docker.run("exec", sickContainers.get(0), "touch", "/www/sick");
        Task replaced = Await.until("unhealthy task replaced", Duration.ofSeconds(60),
                () -> ecs.describeTasks(b -> b.cluster("svc").tasks(sick.taskArn())).tasks().get(0), t -> "STOPPED".equals(t.lastStatus()));
        assertThat(replaced.stoppedReason()).isEqualTo("Task failed container health checks");
        assertThat(replaced.healthStatus()).isEqualTo(HealthStatus.UNHEALTHY);
        awaitStable("hc");
        assertThat(running("hc")).hasSize(2).noneMatch(t -> t.taskArn().equals(sick.taskArn()));
    }

    @Test
    void circuitBreakerRollsBackARevisionThatExitsAtOnce() {
        register("cb", "ok");
        ecs.createService(b -> b.cluster("svc").serviceName("cb").taskDefinition("cb").desiredCount(2)
                .deploymentConfiguration(c -> c.minimumHealthyPercent(100).maximumPercent(200)
                        .deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        awaitStable("cb");
        ecs.registerTaskDefinition(b -> b.family("cb").containerDefinitions(ContainerDefinition.builder()
                .name("web").image("127.0.0.1:9/berth-test/missing:1").memory(32).build()));
        ecs.updateService(b -> b.cluster("svc").service("cb").taskDefinition("cb:2"));
        Service s = Await.until("rolled back", Duration.ofSeconds(120), () -> service("cb"),
                x -> x.events().stream().anyMatch(e -> e.message().contains("deployment failed: tasks failed to start.")) && x.deployments().size() == 1
                        && x.runningCount() == 2);
        assertThat(s.taskDefinition()).endsWith("cb:1");
        assertThat(s.events()).anyMatch(e -> e.message().contains("rolling back to deployment"));
        assertThat(running("cb")).hasSize(2).allSatisfy(t -> assertThat(t.taskDefinitionArn()).endsWith("cb:1"));
    }

    @Test
    void circuitBreakerRollsBackARevisionWhoseHealthCheckAlwaysFails() {
        register("hb", "ok");
        ecs.createService(b -> b.cluster("svc").serviceName("hb").taskDefinition("hb").desiredCount(1)
                .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        awaitStable("hb");
        ecs.registerTaskDefinition(b -> b.family("hb").containerDefinitions(ContainerDefinition.builder()
                .name("web").image(Docker.BUSYBOX).memory(32).stopTimeout(1)
                .command("sh", "-c", "mkdir -p /www && exec httpd -f -p 8080 -h /www")
                .healthCheck(hc -> hc.command("CMD-SHELL", "exit 1").interval(5).retries(1))
                .portMappings(PortMapping.builder().containerPort(8080).build()).build()));
        ecs.updateService(b -> b.cluster("svc").service("hb").taskDefinition("hb:2"));
        // each hb:2 task runs, turns UNHEALTHY and is stopped by the scheduler; three of those trip the breaker
        Service s = Await.until("rolled back", Duration.ofSeconds(120), () -> service("hb"),
                x -> x.events().stream().anyMatch(e -> e.message().contains("deployment failed: tasks failed to start.")) && x.deployments().size() == 1
                        && x.runningCount() == 1);
        assertThat(s.taskDefinition()).endsWith("hb:1");
        assertThat(running("hb")).singleElement().satisfies(t -> assertThat(t.taskDefinitionArn()).endsWith("hb:1"));
    }

    @Test
    void drainingAHostMovesItsTasks() {
        register("drain", "d");
        ecs.createService(b -> b.cluster("svc").serviceName("drain").taskDefinition("drain").desiredCount(2)
                .deploymentConfiguration(c -> c.minimumHealthyPercent(50).maximumPercent(200)));
        awaitStable("drain");
        List<String> instances = ecs.listContainerInstances(b -> b.cluster("svc")).containerInstanceArns();
        String drained = instances.get(0);
        ecs.updateContainerInstancesState(b -> b.cluster("svc").containerInstances(drained).status(ContainerInstanceStatus.DRAINING));
        Await.until("tasks moved off the draining host", Duration.ofSeconds(60), () -> running("drain"),
                r -> r.size() == 2 && r.stream().noneMatch(t -> t.containerInstanceArn().equals(drained)));
        ecs.updateContainerInstancesState(b -> b.cluster("svc").containerInstances(drained).status(ContainerInstanceStatus.ACTIVE));
    }
}
