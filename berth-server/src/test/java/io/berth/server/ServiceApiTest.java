package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.*;

/** Services through the SDK; agents are played at the wire level by {@link FakeAgents} (no Docker). */
class ServiceApiTest extends FakeAgentsApiTest {
    @BeforeEach
    void oneHostAndAWebDefinition() throws Exception {
        String inst = agents.register("default", 4096, 4096, Map.of());
        agents.connectAcs(inst).next("TaskManifestMessage");
        ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(ContainerDefinition.builder()
                .name("app").image("x").memory(16).healthCheck(h -> h.command("CMD", "true")).build()));
    }

    private static void await(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Service service() {
        return ecs.describeServices(b -> b.services("web")).services().get(0);
    }

    private List<String> tasks(DesiredStatus desired) {
        return ecs.listTasks(b -> b.serviceName("web").desiredStatus(desired)).taskArns();
    }

    /** Plays the agent: tasks the scheduler wants running report RUNNING and HEALTHY; stopping ones report STOPPED. */
    private void agentCatchesUp() throws Exception {
        for (String arn : tasks(DesiredStatus.RUNNING)) {
            agents.call("SubmitTaskStateChange", Json.object().put("task", arn).put("status", "RUNNING"));
            health(arn, "HEALTHY");
        }
        for (String arn : tasks(DesiredStatus.STOPPED)) {
            agents.call("SubmitTaskStateChange", Json.object().put("task", arn).put("status", "STOPPED"));
        }
    }

    private void health(String taskArn, String status) {
        // as the agent sends it over TCS; the server applies PublishHealthRequest frames
        var frame = Json.object().put("type", "PublishHealthRequest");
        var msg = frame.putObject("message");
        var t = msg.putArray("tasks").addObject().put("taskArn", taskArn);
        t.putArray("containers").addObject().put("containerName", "app").put("healthStatus", status);
        new io.berth.server.ecs.HealthReports(fxCommitter()).accept(frame);
    }

    private io.berth.server.state.Committer fxCommitter() {
        return fx.server.committer();
    }

    @Test
    void serviceReachesSteadyStateAndScales() throws Exception {
        Service created = ecs.createService(b -> b.serviceName("web").taskDefinition("web").desiredCount(2)).service();
        assertThat(created.status()).isEqualTo("ACTIVE");
        assertThat(created.deployments()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("PRIMARY");
            assertThat(d.rolloutState()).isEqualTo(DeploymentRolloutState.IN_PROGRESS);
            assertThat(d.id()).matches("ecs-svc/\\d{19}");
        });
        assertThat(created.deploymentConfiguration().maximumPercent()).isEqualTo(200);
        assertThat(created.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100);
        await("2 tasks launched", () -> tasks(DesiredStatus.RUNNING).size() == 2);
        agentCatchesUp();
        await("steady state", () -> service().events().stream().anyMatch(e -> e.message().equals("(service web) has reached a steady state.")));
        Service s = service();
        assertThat(s.runningCount()).isEqualTo(2);
        assertThat(s.pendingCount()).isZero();
        assertThat(s.deployments().get(0).rolloutState()).isEqualTo(DeploymentRolloutState.COMPLETED);
        assertThat(s.events()).anyMatch(e -> e.message().startsWith("(service web) has started 2 tasks: (task "));
        assertThat(s.deploymentController().type()).isEqualTo(DeploymentControllerType.ECS);
        assertThat(s.currentServiceDeployment()).isEqualTo(ecs.listServiceDeployments(b -> b.service("web")).serviceDeployments().get(0).serviceDeploymentArn());
        assertThat(s.currentServiceRevisions()).singleElement().satisfies(r -> {
            assertThat(r.requestedTaskCount()).isEqualTo(2);
            assertThat(r.runningTaskCount()).isEqualTo(2);
            assertThat(r.pendingTaskCount()).isZero();
            assertThat(r.arn()).contains(":service-revision/default/web/");
        });
        var stats = ecs.describeClusters(b -> b.clusters("default").include(ClusterField.STATISTICS)).clusters().get(0);
        assertThat(stats.activeServicesCount()).isEqualTo(1);
        assertThat(stats.statistics()).contains(KeyValuePair.builder().name("activeEC2ServiceCount").value("1").build());
        ecs.createCluster(b -> b.clusterName("services-only"));
        ecs.createService(b -> b.cluster("services-only").serviceName("idle").taskDefinition("web").desiredCount(0));
        assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("services-only"))).isInstanceOf(ClusterContainsServicesException.class);
        assertThat(ecs.describeClusters(b -> b.clusters("services-only")).clusters().get(0).status()).isEqualTo("ACTIVE");
        ecs.waiter().waitUntilServicesStable(b -> b.services("web"),
                w -> w.maxAttempts(20).backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(Duration.ofMillis(200))));

        ecs.updateService(b -> b.service("web").desiredCount(0));
        await("tasks told to stop", () -> tasks(DesiredStatus.RUNNING).isEmpty());
        agentCatchesUp();
        ecs.deleteService(b -> b.service("web"));
        await("service inactive", () -> service().status().equals("INACTIVE"));
        assertThat(ecs.listServices().serviceArns()).isEmpty();
        assertThat(ecs.describeClusters(b -> b.clusters("default")).clusters().get(0).activeServicesCount()).isZero();
    }

    @Test
    void unhealthyTasksAreReplaced() throws Exception {
        ecs.createService(b -> b.serviceName("web").taskDefinition("web").desiredCount(1));
        await("launched", () -> tasks(DesiredStatus.RUNNING).size() == 1);
        agentCatchesUp();
        String first = tasks(DesiredStatus.RUNNING).get(0);
        health(first, "UNHEALTHY");
        await("replaced", () -> !tasks(DesiredStatus.RUNNING).isEmpty() && !tasks(DesiredStatus.RUNNING).contains(first));
        Task old = ecs.describeTasks(b -> b.tasks(first)).tasks().get(0);
        assertThat(old.healthStatus()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(old.stopCode()).isEqualTo(TaskStopCode.SERVICE_SCHEDULER_INITIATED);
        assertThat(old.stoppedReason()).isEqualTo("Task failed container health checks");
    }

    @Test
    void tasksThatKeepFailingHealthChecksTripTheCircuitBreaker() throws Exception {
        ecs.createService(b -> b.serviceName("web").taskDefinition("web").desiredCount(1)
                .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(false))));
        // the agent starts every task and reports it UNHEALTHY; the controller stops each one itself
        await("deployment failed", () -> {
            try {
                for (String arn : tasks(DesiredStatus.RUNNING)) {
                    agents.call("SubmitTaskStateChange", Json.object().put("task", arn).put("status", "RUNNING"));
                    health(arn, "UNHEALTHY");
                }
                for (String arn : tasks(DesiredStatus.STOPPED)) {
                    agents.call("SubmitTaskStateChange", Json.object().put("task", arn).put("status", "STOPPED"));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return service().deployments().get(0).rolloutState() == DeploymentRolloutState.FAILED;
        });
        List<Task> stopped = ecs.describeTasks(b -> b.tasks(tasks(DesiredStatus.STOPPED))).tasks();
        assertThat(stopped).hasSizeGreaterThanOrEqualTo(3).allSatisfy(t -> {
            assertThat(t.stopCode()).isEqualTo(TaskStopCode.SERVICE_SCHEDULER_INITIATED);
            assertThat(t.stoppedReason()).isEqualTo("Task failed container health checks");
        });
        assertThat(service().events()).anyMatch(e -> e.message().endsWith("deployment failed: tasks failed to start."));
    }

    @Test
    void newRevisionStartsANewDeployment() throws Exception {
        ecs.createService(b -> b.serviceName("web").taskDefinition("web").desiredCount(2));
        await("launched", () -> tasks(DesiredStatus.RUNNING).size() == 2);
        agentCatchesUp();
        ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(ContainerDefinition.builder().name("app").image("y").memory(16).build()));
        Service updated = ecs.updateService(b -> b.service("web").taskDefinition("web:2")).service();
        assertThat(updated.deployments()).hasSize(2);
        assertThat(updated.deployments().get(0).taskDefinition()).endsWith("web:2");
        assertThat(updated.deployments().get(1).status()).isEqualTo("ACTIVE");
        for (int i = 0; i < 20 && service().deployments().size() > 1; i++) {
            agentCatchesUp();
            Thread.sleep(150);
        }
        Service done = service();
        assertThat(done.deployments()).singleElement().satisfies(d -> assertThat(d.taskDefinition()).endsWith("web:2"));
        assertThat(done.taskDefinition()).endsWith("web:2");
    }

    @Test
    void circuitBreakerRollsBackToADeploymentWhoseTasksHaveDrained() throws Exception {
        ecs.createService(b -> b.serviceName("web").taskDefinition("web").desiredCount(2).deploymentConfiguration(c -> c
                .minimumHealthyPercent(0).maximumPercent(100).deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        await("launched", () -> tasks(DesiredStatus.RUNNING).size() == 2);
        agentCatchesUp();
        await("completed", () -> service().deployments().get(0).rolloutState() == DeploymentRolloutState.COMPLETED);
        ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(ContainerDefinition.builder().name("app").image("y").memory(16).build()));
        ecs.updateService(b -> b.service("web").taskDefinition("web:2"));
        // web:2 tasks never start; web:1 tasks stop when told (0/100 stops them first, so web:1's deployment drains away)
        await("rolled back to web:1", () -> {
            try {
                List<String> live = tasks(DesiredStatus.RUNNING);
                for (Task t : live.isEmpty() ? List.<Task>of() : ecs.describeTasks(b -> b.tasks(live)).tasks()) {
                    if (t.taskDefinitionArn().endsWith("web:2")) {
                        agents.call("SubmitTaskStateChange", Json.object().put("task", t.taskArn()).put("status", "STOPPED").put("reason", "CannotPullContainerError"));
                    }
                }
                for (String arn : tasks(DesiredStatus.STOPPED)) {
                    agents.call("SubmitTaskStateChange", Json.object().put("task", arn).put("status", "STOPPED"));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return service().deployments().get(0).taskDefinition().endsWith("web:1");
        });
        Service s = service();
        assertThat(s.taskDefinition()).endsWith("web:1");
        assertThat(s.deployments().get(0).rolloutStateReason()).startsWith("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/");
        assertThat(s.events()).anyMatch(e -> e.message().endsWith("deployment failed: tasks failed to start."));
    }

    @Test
    void unplaceableTasksGiveOneServiceEvent() throws Exception {
        ecs.registerTaskDefinition(b -> b.family("huge").containerDefinitions(ContainerDefinition.builder().name("app").image("x").memory(100_000).build()));
        ecs.createService(b -> b.serviceName("huge").taskDefinition("huge").desiredCount(1));
        await("placement event", () -> ecs.describeServices(b -> b.services("huge")).services().get(0).events().stream()
                .anyMatch(e -> e.message().startsWith("(service huge) was unable to place a task because no container instance met all of its requirements.")
                        && e.message().contains("has insufficient memory available.")));
        Thread.sleep(500); // several scheduler ticks (100 ms) pass: the same message is not repeated
        assertThat(ecs.describeServices(b -> b.services("huge")).services().get(0).events())
                .filteredOn(e -> e.message().contains("was unable to place")).hasSize(1);
    }

    @Test
    void daemonRunsOnlyWhereItsConstraintsAllow() throws Exception {
        String gpu = agents.register("default", 4096, 4096, Map.of("kind", "gpu"));
        agents.connectAcs(gpu).next("TaskManifestMessage");
        ecs.createService(b -> b.serviceName("d").taskDefinition("web").schedulingStrategy(SchedulingStrategy.DAEMON)
                .placementConstraints(PlacementConstraint.builder().type(PlacementConstraintType.MEMBER_OF).expression("attribute:kind == gpu").build()));
        await("one daemon task", () -> ecs.listTasks(b -> b.serviceName("d")).taskArns().size() == 1);
        String arn = ecs.listTasks(b -> b.serviceName("d")).taskArns().get(0);
        assertThat(ecs.describeTasks(b -> b.tasks(arn)).tasks().get(0).containerInstanceArn()).isEqualTo(gpu);
        assertThat(ecs.describeServices(b -> b.services("d")).services().get(0).desiredCount()).isEqualTo(1);
    }

    @Test
    void daemonPlacesOnEveryOtherInstanceWhenOneIsTooSmall() throws Exception {
        List<String> big = new java.util.ArrayList<>(ecs.listContainerInstances(b -> b.cluster("default")).containerInstanceArns());
        String second = agents.register("default", 4096, 4096, Map.of());
        agents.connectAcs(second).next("TaskManifestMessage");
        big.add(second);
        // DAEMON launches go in ARN order: make sure a too-small instance comes before a big one
        List<String> tiny = new java.util.ArrayList<>();
        while (tiny.isEmpty() || java.util.Collections.min(tiny).compareTo(java.util.Collections.max(big)) > 0) {
            String t = agents.register("default", 4096, 8, Map.of());
            agents.connectAcs(t).next("TaskManifestMessage");
            tiny.add(t);
        }
        ecs.createService(b -> b.serviceName("d").taskDefinition("web").schedulingStrategy(SchedulingStrategy.DAEMON));
        await("a task on each big instance", () -> ecs.listTasks(b -> b.serviceName("d")).taskArns().size() == 2);
        java.util.function.Supplier<List<String>> failures = () -> ecs.describeServices(b -> b.services("d")).services().get(0).events().stream()
                .map(ServiceEvent::message).filter(m -> m.contains("was unable to place")).toList();
        await("an event per small instance", () -> failures.get().size() == tiny.size());
        Thread.sleep(500); // several scheduler ticks: no repeats
        assertThat(failures.get()).hasSize(tiny.size());
        for (String t : tiny) assertThat(failures.get()).anyMatch(m -> m.contains("(container-instance " + t.substring(t.lastIndexOf('/') + 1) + ") has insufficient memory"));
    }

    @Test
    void protectionAndErrors() throws Exception {
        ecs.createService(b -> b.serviceName("web").taskDefinition("web").desiredCount(1));
        await("launched", () -> tasks(DesiredStatus.RUNNING).size() == 1);
        String t = tasks(DesiredStatus.RUNNING).get(0);
        var p = ecs.updateTaskProtection(b -> b.cluster("default").tasks(t).protectionEnabled(true)).protectedTasks().get(0);
        assertThat(p.protectionEnabled()).isTrue();
        assertThat(p.expirationDate()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(119)));
        assertThat(ecs.getTaskProtection(b -> b.cluster("default").tasks(t)).protectedTasks().get(0).protectionEnabled()).isTrue();
        String standalone = ecs.runTask(b -> b.taskDefinition("web")).tasks().get(0).taskArn();
        var refused = ecs.updateTaskProtection(b -> b.cluster("default").tasks(standalone).protectionEnabled(true));
        assertThat(refused.protectedTasks()).isEmpty();
        assertThat(refused.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("TASK_NOT_VALID");
            assertThat(f.detail()).contains("service");
        });

        assertThatThrownBy(() -> ecs.createService(b -> b.serviceName("web").taskDefinition("web").desiredCount(1)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("idempotent");
        assertThatThrownBy(() -> ecs.deleteService(b -> b.service("web"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.updateService(b -> b.service("nope").desiredCount(1))).isInstanceOf(ServiceNotFoundException.class);
        assertThatThrownBy(() -> ecs.createService(b -> b.serviceName("x").taskDefinition("web")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("desiredCount");
        assertThatThrownBy(() -> ecs.createService(b -> b.serviceName("y").taskDefinition("web").desiredCount(1)
                .deploymentConfiguration(c -> c.minimumHealthyPercent(150)))).isInstanceOf(InvalidParameterException.class);
        assertThat(ecs.deleteService(b -> b.service("web").force(true)).service().status()).isEqualTo("DRAINING");
    }
}
