package io.berth.agent;

import static io.berth.agent.testing.ContainerDefs.dependsOn;
import static io.berth.agent.testing.ContainerDefs.healthCheck;
import static io.berth.agent.testing.ContainerDefs.on;
import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.testing.Await;
import io.berth.agent.testing.FakeControlPlane;
import io.berth.agent.testing.TestImages;
import io.berth.agent.testing.Tasks;
import io.berth.model.Labels;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.tcs.PublishHealthRequest;
import io.berth.wire.tcs.TcsCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker runs the health checks: busybox httpd whose wget check passes becomes HEALTHY, a check that
 * always fails becomes UNHEALTHY, both heard from Docker's events and sent over TCS; a container that
 * depends on the healthy one starts only then.
 */
class HealthDockerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path dataDir;
    private final FakeControlPlane plane = new FakeControlPlane();
    private BerthAgent agent;

    @BeforeAll
    static void image() {
        TestImages.ensureBusybox();
    }

    @BeforeEach
    void setUp() throws Exception {
        plane.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (agent != null) agent.close();
            plane.close();
        } finally {
            TestImages.removeLabelled(Labels.CONTAINER_INSTANCE_ARN, plane.instanceArn);
        }
    }

    @Test
    void dockerHealthChecksAreFollowedAndReportedOverTcs() throws Exception {
        agent = new BerthAgent(AgentConfig.builder(plane.uri(), "default", "127.0.0.1", dataDir)
                .cpu(1024).memoryMiB(1024).introspectionPort(-1).containerStopTimeout(Duration.ofSeconds(1))
                .metricsInterval(Duration.ofHours(1)).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .taskCleanupWait(Duration.ZERO).startTimeout(Duration.ofSeconds(20))
                .containerStartTimeout(Duration.ofSeconds(20)).build());
        agent.start();
        AcsTask t = task(Tasks.newArn(), "RUNNING",
                healthCheck(container("web", TestImages.BUSYBOX, true, List.of("sh", "-c",
                        "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"), List.of(), 1, null),
                        "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1", 250, 2),
                healthCheck(container("sick", TestImages.BUSYBOX, false, List.of("sleep", "600"), List.of(), 1, null),
                        "exit 1", 250, 1),
                dependsOn(container("app", TestImages.BUSYBOX, true, List.of("sleep", "600"), List.of(), 1, null),
                        on("web", "HEALTHY")));

        plane.sendAcs(FakeControlPlane.payload("pl-1", 1, FakeControlPlane.json(t)));

        PublishHealthRequest healthy = awaitHealth("web", "HEALTHY");
        PublishHealthRequest unhealthy = awaitHealth("sick", "UNHEALTHY");
        assertThat(healthy.tasks().getFirst().taskArn()).isEqualTo(t.arn());
        assertThat(unhealthy.metadata().containerInstance()).isEqualTo(plane.instanceArn);
        JsonNode running = plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("RUNNING"));
        assertThat(running.path("containers").findValuesAsText("status")).containsOnly("RUNNING").hasSize(3);
        var record = agent.task(t.arn()).orElseThrow();
        assertThat(record.container("app").orElseThrow().startedAt())
                .as("app started after web was healthy").isGreaterThanOrEqualTo(record.container("web").orElseThrow().healthSince());
        assertThat(record.known().name()).isEqualTo("RUNNING");

        plane.sendAcs(FakeControlPlane.payload("pl-2", 2, FakeControlPlane.json(Tasks.withDesired(t, "STOPPED"))));
        plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("STOPPED"));
    }

    private PublishHealthRequest awaitHealth(String container, String status) {
        return Await.value(container + " " + status + " over TCS", WAIT, () -> plane.tcsReceived.stream()
                .map(TcsCodec::health).flatMap(Optional::stream)
                .filter(r -> r.tasks().stream().flatMap(x -> x.containers().stream())
                        .anyMatch(c -> c.containerName().equals(container) && c.healthStatus().equals(status)))
                .findFirst().orElse(null));
    }
}
