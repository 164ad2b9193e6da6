package io.berth.agent.runtime;

import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.port;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.engine.StateChange;
import io.berth.agent.engine.TaskEngine;
import io.berth.agent.engine.TaskRecord;
import io.berth.agent.testing.Await;
import io.berth.agent.testing.TestImages;
import io.berth.agent.testing.Tasks;
import io.berth.model.Labels;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsContainer;
import io.berth.wire.acs.AcsTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The task engine on the real Docker engine, with the locally built busybox image. */
class DockerEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final String instance = "arn:aws:ecs:us-east-1:000000000000:container-instance/test/" + UUID.randomUUID();
    private final List<StateChange> reported = new CopyOnWriteArrayList<>();
    private DockerRuntime runtime;
    private TaskEngine engine;

    @BeforeAll
    static void image() {
        TestImages.ensureBusybox();
    }

    @BeforeEach
    void setUp() {
        runtime = new DockerRuntime(URI.create("unix:///var/run/docker.sock"));
        engine = new TaskEngine(runtime, reported::add, () -> { }, "default", instance, "127.0.0.1", Duration.ofSeconds(1));
        engine.start();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        runtime.close();
        TestImages.removeLabelled(Labels.CONTAINER_INSTANCE_ARN, instance);
    }

    @Test
    void httpdTaskServesOnItsDynamicPortAndIsKilledOnStop() throws Exception {
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("web", TestImages.BUSYBOX, true,
                List.of("httpd", "-f", "-p", "8080", "-h", "/"), List.of(port(8080, 0)), 1, null));

        engine.accept(List.of(t));

        TaskRecord running = awaitReport(t.arn(), TaskStatus.RUNNING);
        var binding = running.container("web").orElseThrow().bindings().getFirst();
        assertThat(binding.bindIP()).isEqualTo("127.0.0.1");
        assertThat(binding.hostPort()).isPositive();
        HttpResponse<String> resp = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.hostPort() + "/bin/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isLessThan(500);

        engine.stop(List.of(t.arn()));

        TaskRecord stopped = awaitReport(t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.container("web").orElseThrow().exitCode()).isEqualTo(137);
    }

    @Test
    void essentialExitCodeIsRecorded() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("job", TestImages.BUSYBOX, true, List.of("sh", "-c", "exit 3")));

        engine.accept(List.of(t));

        TaskRecord stopped = awaitReport(t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.reason()).isEqualTo("Essential container in task exited");
        assertThat(stopped.container("job").orElseThrow().exitCode()).isEqualTo(3);
    }

    @Test
    void unreachableRegistryIsCannotPullContainerError() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("job", "127.0.0.1:1/berth/none:1", true, List.of("true")));

        engine.accept(List.of(t));

        TaskRecord stopped = awaitReport(t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.reason()).startsWith("CannotPullContainerError: ");
        assertThat(stopped.container("job").orElseThrow().dockerId()).isNull();
    }

    @Test
    void dockerConfigSettingsReachTheContainer() {
        AcsContainer c = container("cfg", TestImages.BUSYBOX, true, List.of("sleep", "30"), List.of(), 0,
                new AcsContainer.DockerConfig("1.17",
                        "{\"User\":\"1000\",\"WorkingDir\":\"/tmp\",\"Labels\":{\"team\":\"a\"}}",
                        "{\"MemoryReservation\":16777216,\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":2048}],\"ReadonlyRootfs\":true}"));
        AcsTask t = task(Tasks.newArn(), "RUNNING", c);

        engine.accept(List.of(t));

        TaskRecord running = awaitReport(t.arn(), TaskStatus.RUNNING);
        String id = running.container("cfg").orElseThrow().dockerId();
        String out = inspect(id, "{{.Config.User}} {{.Config.WorkingDir}} {{index .Config.Labels \"team\"}} "
                + "{{.HostConfig.MemoryReservation}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CpuShares}} {{.HostConfig.Memory}}");
        assertThat(out).isEqualTo("1000 /tmp a 16777216 true 10 33554432");
    }

    /**
     * Agent overhead on the hot path: payload accepted → RUNNING reported, against a bare create +
     * start of the same container through the same client. Medians of a few runs, printed. A
     * benchmark, not a gate: timings on a shared 2-core CI machine say nothing about a regression,
     * so it runs only with {@code -Dberth.bench=true}; the whole path is measured by the e2e
     * RunTaskLatencyBench.
     */
    @Test
    @EnabledIfSystemProperty(named = "berth.bench", matches = "true", disabledReason = "a benchmark; run it with -Dberth.bench=true")
    void runToRunningAddsLittleOverABareCreateAndStart() {
        int rounds = 5;
        long[] bare = new long[rounds];
        long[] agent = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            String id = runtime.create(new ContainerSpec("berth-bare-" + UUID.randomUUID(), TestImages.BUSYBOX,
                    java.util.Map.of(Labels.CONTAINER_INSTANCE_ARN, instance), null, List.of("sleep", "30"), null, 2L, null,
                    null, "bridge", null, null, null, null, null, null, null, null, false, false, null, null, null, null,
                    null, null, null));
            runtime.start(id);
            bare[i] = System.nanoTime() - t0;

            AcsTask t = task(Tasks.newArn(), "RUNNING", container("app", TestImages.BUSYBOX, true, List.of("sleep", "30")));
            long t1 = System.nanoTime();
            engine.accept(List.of(t));
            awaitReport(t.arn(), TaskStatus.RUNNING);
            agent[i] = System.nanoTime() - t1;
        }
        java.util.Arrays.sort(bare);
        java.util.Arrays.sort(agent);
        long bareMs = bare[rounds / 2] / 1_000_000;
        long agentMs = agent[rounds / 2] / 1_000_000;
        System.out.printf("LATENCY bare create+start median %d ms; agent payload->RUNNING median %d ms; overhead %d ms%n",
                bareMs, agentMs, agentMs - bareMs);
        assertThat(agentMs).as("agent path measured").isPositive();
    }

    private static String inspect(String id, String format) {
        try {
            Process p = new ProcessBuilder("docker", "inspect", "-f", format, id).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private TaskRecord awaitReport(String arn, TaskStatus status) {
        return Await.value(arn + " " + status, WAIT, () -> reported.stream()
                .filter(c -> c instanceof StateChange.TaskChanged && c.taskArn().equals(arn) && c.task().known() == status)
                .map(StateChange::task).findFirst().orElse(null));
    }
}
