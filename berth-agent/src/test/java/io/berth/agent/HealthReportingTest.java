package io.berth.agent;

import static io.berth.agent.testing.ContainerDefs.healthCheck;
import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.runtime.HealthStatus;
import io.berth.agent.state.StateFile;
import io.berth.agent.testing.Await;
import io.berth.agent.testing.FakeControlPlane;
import io.berth.agent.testing.FakeRuntime;
import io.berth.agent.testing.Tasks;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.tcs.PublishHealthRequest;
import io.berth.wire.tcs.TcsCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container health reaches the control plane as TCS PublishHealthRequest frames, on the fake runtime. */
class HealthReportingTest {
    private static final String IMAGE = "berth-test/busybox:latest";

    @TempDir Path dataDir;
    private final FakeControlPlane plane = new FakeControlPlane();
    private final FakeRuntime runtime = new FakeRuntime();
    private BerthAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        plane.start();
        runtime.images.add(IMAGE);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) agent.close();
        plane.close();
    }

    private void startAgent(Duration metricsInterval) throws Exception {
        agent = new BerthAgent(AgentConfig.builder(plane.uri(), "default", "127.0.0.1", dataDir)
                .cpu(2048).memoryMiB(4096).introspectionPort(-1).startTimeout(Duration.ofSeconds(20))
                .metricsInterval(metricsInterval).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .taskCleanupWait(Duration.ZERO).build(), runtime);
        agent.start();
        Await.until("TCS connected", Duration.ofSeconds(10), () -> !plane.tcsUpgrades().isEmpty());
    }

    @Test
    void eachHealthChangeIsPublishedAtOnceForThatTask() throws Exception {
        startAgent(Duration.ofHours(1)); // no periodic frames: only changes
        AcsTask t = task(Tasks.newArn(), "RUNNING", healthCheck(container("web", IMAGE, true, List.of("httpd")), "true", 100, 1),
                container("side", IMAGE, false, List.of("sh")));
        plane.sendAcs(FakeControlPlane.payload("pl-1", 1, FakeControlPlane.json(t)));
        plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("RUNNING"));
        String web = agent.task(t.arn()).orElseThrow().container("web").orElseThrow().dockerId();

        runtime.health(web, HealthStatus.HEALTHY);
        PublishHealthRequest healthy = awaitHealth(r -> status(r, "web").equals(Optional.of("HEALTHY")));
        runtime.health(web, HealthStatus.UNHEALTHY);
        PublishHealthRequest unhealthy = awaitHealth(r -> status(r, "web").equals(Optional.of("UNHEALTHY")));

        assertThat(healthy.metadata().cluster()).isEqualTo("default");
        assertThat(healthy.metadata().containerInstance()).isEqualTo(plane.instanceArn);
        assertThat(healthy.metadata().fin()).isTrue();
        assertThat(healthy.metadata().messageId()).isNotEqualTo(unhealthy.metadata().messageId());
        PublishHealthRequest.TaskHealth th = healthy.tasks().getFirst();
        assertThat(th.taskArn()).isEqualTo(t.arn());
        assertThat(th.clusterArn()).isEqualTo(Tasks.CLUSTER_ARN);
        assertThat(th.taskDefinitionFamily()).isEqualTo("web");
        assertThat(th.taskDefinitionVersion()).isEqualTo("3");
        assertThat(th.containers()).as("only containers with a health check").singleElement()
                .satisfies(c -> assertThat(c.containerName()).isEqualTo("web"));
        assertThat(unhealthy.tasks().getFirst().containers().getFirst().statusSince())
                .isGreaterThanOrEqualTo(th.containers().getFirst().statusSince());
        assertThat(healthFrames()).hasSize(2);
        Await.until("state saved", Duration.ofSeconds(5), () -> read(dataDir.resolve(StateFile.NAME)).contains("\"UNHEALTHY\""));
        assertThat(plane.calls("SubmitContainerStateChange")).as("health travels only over TCS").isEmpty();
    }

    @Test
    void healthOfEveryTaskIsRepublishedEveryMetricsInterval() throws Exception {
        startAgent(Duration.ofMillis(100));
        AcsTask plain = task(Tasks.newArn(), "RUNNING", container("web", IMAGE, true, List.of("sh")));
        AcsTask checked = task(Tasks.newArn(), "RUNNING", healthCheck(container("web", IMAGE, true, List.of("sh")), "true", 100, 1));
        plane.sendAcs(FakeControlPlane.payload("pl-1", 1, FakeControlPlane.json(plain), FakeControlPlane.json(checked)));
        plane.awaitCall("SubmitTaskStateChange", b -> b.path("task").asText().equals(checked.arn()));

        Await.until("two periodic reports", Duration.ofSeconds(10), () -> healthFrames().stream()
                .filter(r -> status(r, "web").equals(Optional.of("UNKNOWN"))).count() >= 2);

        assertThat(healthFrames()).allSatisfy(r -> assertThat(r.tasks()).singleElement()
                .satisfies(th -> assertThat(th.taskArn()).isEqualTo(checked.arn())));
    }

    private List<PublishHealthRequest> healthFrames() {
        return plane.tcsReceived.stream().map(TcsCodec::health).flatMap(Optional::stream).toList();
    }

    private PublishHealthRequest awaitHealth(Predicate<PublishHealthRequest> match) {
        return Await.value("a PublishHealthRequest", Duration.ofSeconds(10),
                () -> healthFrames().stream().filter(match).findFirst().orElse(null));
    }

    private static Optional<String> status(PublishHealthRequest r, String container) {
        return r.tasks().stream().flatMap(t -> t.containers().stream()).filter(c -> c.containerName().equals(container))
                .map(PublishHealthRequest.ContainerHealth::healthStatus).findFirst();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
