package io.berth.agent;

import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.port;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.testing.Await;
import io.berth.agent.testing.FakeControlPlane;
import io.berth.agent.testing.TestImages;
import io.berth.agent.testing.Tasks;
import io.berth.model.Labels;
import io.berth.wire.acs.AcsTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole agent on real Docker: a restarted agent adopts its containers and sweeps its orphans. */
class AgentAdoptionDockerTest {
    private static final String HOST = "127.0.0.2";
    @TempDir Path dataDir;
    private final FakeControlPlane plane = new FakeControlPlane();
    private final String otherInstance = "arn:aws:ecs:us-east-1:000000000000:container-instance/other/" + UUID.randomUUID();
    private final List<BerthAgent> agents = new ArrayList<>();

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
        agents.forEach(BerthAgent::close);
        plane.close();
        TestImages.removeLabelled(Labels.CONTAINER_INSTANCE_ARN, plane.instanceArn);
        TestImages.removeLabelled(Labels.CONTAINER_INSTANCE_ARN, otherInstance);
    }

    private BerthAgent startAgent() throws Exception {
        BerthAgent agent = new BerthAgent(AgentConfig.builder(plane.uri(), "default", HOST, dataDir)
                .cpu(1024).memoryMiB(1024).introspectionPort(0).containerStopTimeout(Duration.ofSeconds(1))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).taskCleanupWait(Duration.ZERO)
                .startTimeout(Duration.ofSeconds(20)).build());
        agents.add(agent);
        agent.start();
        return agent;
    }

    @Test
    void restartedAgentAdoptsItsTaskRemovesItsOrphansAndLeavesOthersAlone() throws Exception {
        BerthAgent first = startAgent();
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("web", TestImages.BUSYBOX, true,
                List.of("httpd", "-f", "-p", "8080", "-h", "/"), List.of(port(8080, 0)), 1, null));
        plane.sendAcs(FakeControlPlane.payload("pl-1", 1, FakeControlPlane.json(t)));
        JsonNode running = plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("RUNNING"));
        JsonNode binding = running.path("containers").get(0).path("networkBindings").get(0);
        assertThat(binding.path("bindIP").asText()).isEqualTo(HOST);
        int hostPort = binding.path("hostPort").asInt();
        assertThat(get("http://" + HOST + ":" + hostPort + "/bin/").statusCode()).isLessThan(500);
        first.close();
        assertThat(containers(Labels.TASK_ARN, t.arn())).as("task container outlives the agent").hasSize(1);
        assertThat(docker("inspect", "-f", "{{.State.Running}}", containers(Labels.TASK_ARN, t.arn()).getFirst())).isEqualTo("true");

        String orphan = runLabelled(plane.instanceArn);
        String foreign = runLabelled(otherInstance);

        BerthAgent second = startAgent();

        assertThat(second.containerInstanceArn()).isEqualTo(first.containerInstanceArn());
        assertThat(containers(Labels.CONTAINER_INSTANCE_ARN, plane.instanceArn)).as("orphan removed, task kept")
                .containsExactlyElementsOf(containers(Labels.TASK_ARN, t.arn())).doesNotContain(orphan);
        assertThat(containers(Labels.CONTAINER_INSTANCE_ARN, otherInstance)).containsExactly(foreign);
        plane.sendAcs(FakeControlPlane.payload("pl-2", 2, FakeControlPlane.json(t)));
        plane.awaitAcs("AckRequest", m -> m.path("messageId").asText().equals("pl-2"));
        assertThat(containers(Labels.TASK_ARN, t.arn())).as("no duplicate").hasSize(1);
        assertThat(get("http://" + HOST + ":" + hostPort + "/bin/").statusCode()).isLessThan(500);

        plane.sendAcs(FakeControlPlane.payload("pl-3", 3, FakeControlPlane.json(Tasks.withDesired(t, "STOPPED"))));

        JsonNode stopped = plane.awaitCall("SubmitTaskStateChange", b -> b.path("status").asText().equals("STOPPED"));
        assertThat(stopped.path("containers").get(0).path("exitCode").asInt()).as("busybox httpd ignores SIGTERM").isEqualTo(137);
        Await.until("task forgotten once the server acknowledged STOPPED", Duration.ofSeconds(10),
                () -> second.task(t.arn()).isEmpty());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String runLabelled(String instanceArn) {
        return docker("run", "-d", "--label", Labels.CONTAINER_INSTANCE_ARN + "=" + instanceArn,
                "--label", Labels.TASK_ARN + "=" + Tasks.newArn(), TestImages.BUSYBOX, "sleep", "60");
    }

    private static List<String> containers(String label, String value) {
        String out = docker("ps", "-aq", "--no-trunc", "--filter", "label=" + label + "=" + value);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    private static String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
