package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.model.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.*;

/**
 * The foundation's user story with the AWS SDK for Java v2 against a real control plane, two local
 * hosts and Docker: run two web tasks, reach them over HTTP through their dynamic host ports, stop
 * one; an essential container that exits stops its task; an image that cannot be pulled fails it.
 */
class UserStoryTest {
    static Harness h;
    static EcsClient ecs;

    @BeforeAll
    static void start() throws Exception {
        h = new Harness("story").startServer();
        ecs = h.ecs();
        ecs.createCluster(b -> b.clusterName("story"));
        h.startAgent(1);
        h.startAgent(2);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static Task describe(String arn) {
        return ecs.describeTasks(b -> b.cluster("story").tasks(arn)).tasks().get(0);
    }

    private static Task awaitStatus(String arn, String status) {
        return Await.until(arn + " " + status, Duration.ofSeconds(60), () -> describe(arn), t -> status.equals(t.lastStatus()));
    }

    @Test
    void runReachAndStopWebTasks() throws Exception {
        ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(ContainerDefinition.builder()
                .name("web").image(Docker.BUSYBOX).memory(64).essential(true).stopTimeout(2)
                .command("sh", "-c", "mkdir -p /www && echo hello-from-$HOSTNAME > /www/index.html && exec httpd -f -p 8080 -h /www")
                .portMappings(PortMapping.builder().containerPort(8080).build()).build()));
        // RunTask places at random by default, as ECS does; ask for spread to use both hosts
        RunTaskResponse run = ecs.runTask(b -> b.cluster("story").taskDefinition("web").count(2)
                .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.SPREAD).field("instanceId").build()));
        assertThat(run.failures()).isEmpty();
        List<String> arns = run.tasks().stream().map(Task::taskArn).toList();
        ecs.waiter().waitUntilTasksRunning(b -> b.cluster("story").tasks(arns),
                w -> w.maxAttempts(60).backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(Duration.ofMillis(250))));
        List<Task> tasks = ecs.describeTasks(b -> b.cluster("story").tasks(arns)).tasks();
        assertThat(tasks).extracting(Task::containerInstanceArn).doesNotHaveDuplicates();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (Task t : tasks) {
            NetworkBinding nb = t.containers().get(0).networkBindings().get(0);
            assertThat(nb.bindIP()).startsWith("127.0.0.");
            assertThat(nb.containerPort()).isEqualTo(8080);
            assertThat(nb.hostPort()).isPositive();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + nb.bindIP() + ":" + nb.hostPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("hello-from-");
        }
        assertThat(ecs.describeClusters(b -> b.clusters("story")).clusters().get(0).runningTasksCount()).isGreaterThanOrEqualTo(2);

        String victim = arns.get(0);
        ecs.stopTask(b -> b.cluster("story").task(victim).reason("e2e says stop"));
        ecs.waiter().waitUntilTasksStopped(b -> b.cluster("story").tasks(victim),
                w -> w.maxAttempts(60).backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(Duration.ofMillis(250))));
        Task stopped = describe(victim);
        assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.USER_INITIATED);
        assertThat(stopped.stoppedReason()).isEqualTo("e2e says stop");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(137); // busybox as PID 1 ignores SIGTERM: killed after stopTimeout
        assertThat(stopped.stoppedAt()).isAfterOrEqualTo(stopped.startedAt());
        assertThat(Docker.containers(Labels.TASK_ARN, victim, false)).isEmpty();
        assertThat(Docker.containers(Labels.TASK_ARN, arns.get(1), false)).hasSize(1);
        ecs.stopTask(b -> b.cluster("story").task(arns.get(1)));
        awaitStatus(arns.get(1), "STOPPED");
    }

    @Test
    void essentialContainerExitStopsTheTask() {
        ecs.registerTaskDefinition(b -> b.family("exits").containerDefinitions(
                ContainerDefinition.builder().name("main").image(Docker.BUSYBOX).memory(32).essential(true)
                        .command("sh", "-c", "sleep 1; exit 3").build(),
                ContainerDefinition.builder().name("side").image(Docker.BUSYBOX).memory(32).essential(false).stopTimeout(1)
                        .command("sleep", "600").build()));
        String arn = ecs.runTask(b -> b.cluster("story").taskDefinition("exits")).tasks().get(0).taskArn();
        Task t = awaitStatus(arn, "STOPPED");
        assertThat(t.stopCode()).isEqualTo(TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
        assertThat(t.stoppedReason()).isEqualTo("Essential container in task exited");
        Container main = t.containers().stream().filter(c -> c.name().equals("main")).findFirst().orElseThrow();
        Container side = t.containers().stream().filter(c -> c.name().equals("side")).findFirst().orElseThrow();
        assertThat(main.exitCode()).isEqualTo(3);
        assertThat(side.lastStatus()).isEqualTo("STOPPED");
        assertThat(t.desiredStatus()).isEqualTo("STOPPED");
    }

    @Test
    void unpullableImageFailsToStart() {
        // a registry on a loopback port where nothing listens: the pull fails at once, and nothing leaves the machine
        ecs.registerTaskDefinition(b -> b.family("nopull").containerDefinitions(ContainerDefinition.builder()
                .name("app").image("127.0.0.1:9/berth-test/missing:1").memory(32).build()));
        String arn = ecs.runTask(b -> b.cluster("story").taskDefinition("nopull")).tasks().get(0).taskArn();
        Task t = awaitStatus(arn, "STOPPED");
        assertThat(t.stopCode()).isEqualTo(TaskStopCode.TASK_FAILED_TO_START);
        assertThat(t.stoppedReason()).startsWith("CannotPullContainerError");
        assertThat(t.startedAt()).isNull();
    }

    @Test
    void placementFailuresAreReported() {
        ecs.registerTaskDefinition(b -> b.family("toobig").containerDefinitions(ContainerDefinition.builder()
                .name("app").image(Docker.BUSYBOX).memory(4096).build()));
        RunTaskResponse r = ecs.runTask(b -> b.cluster("story").taskDefinition("toobig"));
        assertThat(r.tasks()).isEmpty();
        assertThat(r.failures()).hasSize(2).extracting(Failure::reason).containsOnly("RESOURCE:MEMORY");
    }
}
