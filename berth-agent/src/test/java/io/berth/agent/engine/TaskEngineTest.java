package io.berth.agent.engine;

import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.port;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.testing.Await;
import io.berth.agent.testing.Reports;
import io.berth.agent.testing.FakeRuntime;
import io.berth.agent.testing.Tasks;
import io.berth.model.ContainerStatus;
import io.berth.model.Labels;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.acs.TaskIdentifier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskEngineTest {
    private static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/abc";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String IMAGE = "berth-test/busybox:latest";

    private final FakeRuntime runtime = new FakeRuntime();
    private final List<StateChange> reported = new CopyOnWriteArrayList<>();
    private final AtomicInteger saves = new AtomicInteger();
    private TaskEngine engine = newEngine();

    private TaskEngine newEngine() {
        TaskEngine e = new TaskEngine(runtime, reported::add, saves::incrementAndGet, "default", INSTANCE,
                "127.0.0.2", Duration.ofSeconds(1));
        e.start();
        return e;
    }

    @AfterEach
    void closeEngine() {
        engine.close();
        Reports.assertMonotonic(reported);
    }

    @Test
    void runningTaskIsReportedOnceWithBindingsOnTheHostAddress() {
        runtime.images.add(IMAGE);
        AcsTask t = task(Tasks.newArn(), "RUNNING",
                container("web", IMAGE, true, List.of("httpd"), List.of(port(8080, 0)), null, null));

        engine.accept(List.of(t));

        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        ContainerRecord web = running.container("web").orElseThrow();
        assertThat(web.known()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(web.dockerId()).isNotNull();
        assertThat(web.bindings()).singleElement().satisfies(b -> {
            assertThat(b.bindIP()).isEqualTo("127.0.0.2");
            assertThat(b.containerPort()).isEqualTo(8080);
            assertThat(b.hostPort()).isGreaterThanOrEqualTo(32768);
        });
        assertThat(runtime.pulls).isEmpty();
        FakeRuntime.Fake fake = runtime.containers.get(web.dockerId());
        assertThat(fake.spec.labels()).containsEntry(Labels.TASK_ARN, t.arn()).containsEntry(Labels.CONTAINER_INSTANCE_ARN, INSTANCE);
        assertThat(fake.spec.name()).startsWith("ecs-web-3-web-");
        assertThat(saves.get()).isPositive();
    }

    @Test
    void essentialExitStopsTheOthersAndTheTask() {
        runtime.images.add(IMAGE);
        AcsTask t = task(Tasks.newArn(), "RUNNING",
                container("main", IMAGE, true, List.of("sh")), container("side", IMAGE, false, List.of("sh")));
        engine.accept(List.of(t));
        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);

        runtime.exit(running.container("main").orElseThrow().dockerId(), 3);

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.reason()).isEqualTo("Essential container in task exited");
        assertThat(stopped.container("main").orElseThrow().exitCode()).isEqualTo(3);
        assertThat(stopped.container("side").orElseThrow().exitCode()).isEqualTo(143);
        assertThat(runtime.containers.get(stopped.container("side").orElseThrow().dockerId()).running).isFalse();
        assertThat(stopped.executionStoppedAt()).isNotNull();
    }

    @Test
    void nonEssentialExitIsAContainerChangeAndTheTaskKeepsRunning() {
        runtime.images.add(IMAGE);
        AcsTask t = task(Tasks.newArn(), "RUNNING",
                container("main", IMAGE, true, List.of("sh")), container("side", IMAGE, false, List.of("sh")));
        engine.accept(List.of(t));
        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);

        runtime.exit(running.container("side").orElseThrow().dockerId(), 7);

        StateChange.ContainerChanged change = Await.value("container change", WAIT, () -> reported.stream()
                .filter(c -> c instanceof StateChange.ContainerChanged).map(c -> (StateChange.ContainerChanged) c)
                .findFirst().orElse(null));
        assertThat(change.containerName()).isEqualTo("side");
        assertThat(change.task().container("side").orElseThrow().exitCode()).isEqualTo(7);
        assertThat(engine.task(t.arn()).orElseThrow().known()).isEqualTo(TaskStatus.RUNNING);
        assertThat(runtime.containers.get(running.container("main").orElseThrow().dockerId()).running).isTrue();
    }

    @Test
    void desiredStoppedStopsEveryContainerAndRecordsExitCodes() {
        runtime.images.add(IMAGE);
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("main", IMAGE, true, List.of("sh")));
        engine.accept(List.of(t));
        Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);

        engine.accept(List.of(Tasks.withDesired(t, "STOPPED")));

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.container("main").orElseThrow().exitCode()).isEqualTo(143);
        assertThat(stopped.reason()).isNull();
        assertThat(runtime.containers.values()).noneMatch(f -> f.running);
    }

    @Test
    void pullFailureStopsTheTaskWithCannotPullContainerError() {
        runtime.unpullable.put("nope/missing:1", "pull access denied for nope/missing");
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("main", "nope/missing:1", true, List.of("sh")));

        engine.accept(List.of(t));

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        String reason = "CannotPullContainerError: pull access denied for nope/missing";
        assertThat(stopped.reason()).isEqualTo(reason);
        assertThat(stopped.container("main").orElseThrow().reason()).isEqualTo(reason);
        assertThat(stopped.container("main").orElseThrow().known()).isEqualTo(ContainerStatus.STOPPED);
        assertThat(runtime.containers).isEmpty();
        assertThat(reported).noneMatch(c -> c.task().known() == TaskStatus.RUNNING);
    }

    @Test
    void duplicatePayloadMakesOneContainer() {
        runtime.images.add(IMAGE);
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("main", IMAGE, true, List.of("sh")));

        engine.accept(List.of(t));
        engine.accept(List.of(t, t));
        Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        engine.accept(List.of(t));

        assertThat(runtime.containers).hasSize(1);
        assertThat(reported).hasSize(1);
    }

    @Test
    void forgottenTaskIsNotStartedAgainByAReplayedPayload() {
        runtime.images.add(IMAGE);
        AcsTask t = task(Tasks.newArn(), "RUNNING", container("main", IMAGE, true, List.of("sh")));
        engine.accept(List.of(t));
        Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        engine.stop(List.of(t.arn()));
        Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);

        assertThat(engine.forget(t.arn())).hasSize(1);
        engine.accept(List.of(t));

        assertThat(engine.task(t.arn())).isEmpty();
        assertThat(runtime.containers).hasSize(1);
    }

    @Test
    void stopCandidatesAreActiveTasksMissingFromTheManifest() {
        runtime.images.add(IMAGE);
        AcsTask kept = task(Tasks.newArn(), "RUNNING", container("main", IMAGE, true, List.of("sh")));
        AcsTask extra = task(Tasks.newArn(), "RUNNING", container("main", IMAGE, true, List.of("sh")));
        engine.accept(List.of(kept, extra));
        Reports.awaitTask(reported, kept.arn(), TaskStatus.RUNNING);
        Reports.awaitTask(reported, extra.arn(), TaskStatus.RUNNING);

        List<TaskIdentifier> candidates = engine.stopCandidates(Set.of(kept.arn()));

        assertThat(candidates).containsExactly(new TaskIdentifier(extra.arn(), Tasks.CLUSTER_ARN, "STOPPED"));
    }

    @Test
    void restoredTaskAdoptsRunningContainersAndReportsOnesThatExitedMeanwhile() {
        runtime.images.add(IMAGE);
        AcsTask t = task(Tasks.newArn(), "RUNNING",
                container("main", IMAGE, true, List.of("sh")), container("side", IMAGE, false, List.of("sh")));
        engine.accept(List.of(t));
        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        engine.close();
        String sideId = running.container("side").orElseThrow().dockerId();
        runtime.exit(sideId, 5);
        reported.clear();

        engine = newEngine();
        engine.restore(List.of(running), runtime.listByLabel(Labels.CONTAINER_INSTANCE_ARN, INSTANCE));

        Await.until("side recorded stopped", WAIT, () -> engine.task(t.arn()).orElseThrow()
                .container("side").orElseThrow().isStopped());
        TaskRecord after = engine.task(t.arn()).orElseThrow();
        assertThat(after.container("side").orElseThrow().exitCode()).isEqualTo(5);
        assertThat(after.known()).isEqualTo(TaskStatus.RUNNING);
        assertThat(runtime.containers).hasSize(2);

        runtime.exit(running.container("main").orElseThrow().dockerId(), 0);
        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.container("main").orElseThrow().exitCode()).isZero();
    }
}
