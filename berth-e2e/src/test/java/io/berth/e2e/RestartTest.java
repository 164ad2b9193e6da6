package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.model.Labels;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Task;

/** Crashes and restarts: an agent killed with -9 adopts its containers; a restarted server keeps everything. */
class RestartTest {
    private Harness h;
    private EcsClient ecs;

    @BeforeEach
    void start() throws Exception {
        h = new Harness("restart").startServer();
        ecs = h.ecs();
        ecs.createCluster(b -> b.clusterName("restart"));
        ecs.registerTaskDefinition(b -> b.family("sleeper").containerDefinitions(ContainerDefinition.builder()
                .name("app").image(Docker.BUSYBOX).memory(32).stopTimeout(1).command("sleep", "600").build()));
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private Task describe(String arn) {
        return ecs.describeTasks(b -> b.cluster("restart").tasks(arn)).tasks().get(0);
    }

    private Task await(String arn, String status) {
        return Await.until(arn + " " + status, Duration.ofSeconds(60), () -> describe(arn), t -> status.equals(t.lastStatus()));
    }

    @Test
    void agentKilledWithSigkillAdoptsItsContainersOnRestart() throws Exception {
        Process agent = h.startAgentProcess(1);
        String instance = ecs.listContainerInstances(b -> b.cluster("restart")).containerInstanceArns().get(0);
        String arn = ecs.runTask(b -> b.cluster("restart").taskDefinition("sleeper")).tasks().get(0).taskArn();
        await(arn, "RUNNING");
        String containerId = Docker.containers(Labels.TASK_ARN, arn, false).get(0);

        agent.destroyForcibly(); // kill -9
        assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Await.until("agent disconnected", Duration.ofSeconds(30), () -> !ecs.describeContainerInstances(
                b -> b.cluster("restart").containerInstances(instance)).containerInstances().get(0).agentConnected());
        assertThat(Docker.containers(Labels.TASK_ARN, arn, false)).containsExactly(containerId);

        h.startAgentProcess(1);
        ContainerInstance back = ecs.describeContainerInstances(b -> b.cluster("restart").containerInstances(instance)).containerInstances().get(0);
        assertThat(back.agentConnected()).isTrue();
        assertThat(ecs.listContainerInstances(b -> b.cluster("restart")).containerInstanceArns()).containsExactly(instance);
        assertThat(describe(arn).lastStatus()).isEqualTo("RUNNING");
        assertThat(Docker.containers(Labels.TASK_ARN, arn, true)).containsExactly(containerId);

        ecs.stopTask(b -> b.cluster("restart").task(arn));
        Task stopped = await(arn, "STOPPED");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(137);
        assertThat(Docker.containers(Labels.TASK_ARN, arn, false)).isEmpty();
    }

    @Test
    void restartedServerKeepsClustersDefinitionsInstancesAndTasks() throws Exception {
        h.startAgent(1);
        String arn = ecs.runTask(b -> b.cluster("restart").taskDefinition("sleeper")).tasks().get(0).taskArn();
        await(arn, "RUNNING");
        String instance = describe(arn).containerInstanceArn();

        h.stopServer();
        h.startServer();

        assertThat(ecs.describeClusters(b -> b.clusters("restart")).clusters().get(0).status()).isEqualTo("ACTIVE");
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("sleeper")).taskDefinition().revision()).isEqualTo(1);
        assertThat(describe(arn).lastStatus()).isEqualTo("RUNNING");
        assertThat(describe(arn).containerInstanceArn()).isEqualTo(instance);
        Await.until("agent reconnected", Duration.ofSeconds(30), () -> ecs.describeContainerInstances(
                b -> b.cluster("restart").containerInstances(instance)).containerInstances().get(0).agentConnected());
        assertThat(ecs.describeClusters(b -> b.clusters("restart")).clusters().get(0).runningTasksCount()).isEqualTo(1);

        ecs.stopTask(b -> b.cluster("restart").task(arn));
        assertThat(await(arn, "STOPPED").stopCodeAsString()).isEqualTo("UserInitiated");
    }
}
