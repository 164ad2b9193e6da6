package io.berth.agent.engine;

import static io.berth.agent.testing.ContainerDefs.dependsOn;
import static io.berth.agent.testing.ContainerDefs.healthCheck;
import static io.berth.agent.testing.ContainerDefs.on;
import static io.berth.agent.testing.ContainerDefs.startTimeout;
import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.runtime.HealthStatus;
import io.berth.agent.testing.Await;
import io.berth.agent.testing.Reports;
import io.berth.agent.testing.FakeRuntime;
import io.berth.agent.testing.Tasks;
import io.berth.model.ContainerStatus;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsContainer;
import io.berth.wire.acs.AcsTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dependsOn and container health on the in-memory runtime: one scenario per condition and failure. */
class DependsOnTest {
    private static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/deps";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String IMAGE = "berth-test/busybox:latest";

    private final FakeRuntime runtime = new FakeRuntime();
    private final List<StateChange> reported = new CopyOnWriteArrayList<>();
    private final List<TaskRecord> healthChanges = new CopyOnWriteArrayList<>();
    private TaskEngine engine;

    @BeforeEach
    void setUp() {
        runtime.images.add(IMAGE);
        engine = newEngine(Duration.ofHours(1));
    }

    private TaskEngine newEngine(Duration defaultStartTimeout) {
        TaskEngine e = new TaskEngine(runtime, reported::add, () -> { }, "default", INSTANCE, "127.0.0.2",
                Duration.ofSeconds(1), defaultStartTimeout, healthChanges::add);
        e.start();
        return e;
    }

    @AfterEach
    void tearDown() {
        engine.close();
        Reports.assertMonotonic(reported);
    }

    private static AcsContainer c(String name, boolean essential) {
        return container(name, IMAGE, essential, List.of("sh"));
    }

    @Test
    void appWaitsForItsInitContainerToSucceedAndTheTaskRunsWithoutIt() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", c("init", false), dependsOn(c("app", true), on("init", "SUCCESS")));
        engine.accept(List.of(t));
        String init = awaitDockerId(t, "init");

        assertStaysPending(t, "app");

        runtime.exit(init, 0);
        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        assertThat(running.container("init").orElseThrow().exitCode()).isZero();
        assertThat(running.container("app").orElseThrow().known()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(reported).noneMatch(r -> r instanceof StateChange.ContainerChanged);
    }

    @Test
    void successOnANonZeroExitStopsTheEssentialDependentAndTheTask() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", c("init", false), dependsOn(c("app", true), on("init", "SUCCESS")));
        engine.accept(List.of(t));

        runtime.exit(awaitDockerId(t, "init"), 1);

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        ContainerRecord app = stopped.container("app").orElseThrow();
        assertThat(app.reason()).isEqualTo("CannotStartContainerError: dependency graph: failed to resolve the container "
                + "ordering dependency [init] for target [app] as dependency did not exit successfully.");
        assertThat(app.dockerId()).as("never created").isNull();
        assertThat(app.exitCode()).isNull();
        assertThat(stopped.reason()).isEqualTo(TaskActor.ESSENTIAL_EXITED);
        assertThat(reported).noneMatch(r -> r.task().known() == TaskStatus.RUNNING);
    }

    @Test
    void completeAcceptsAnyExitCode() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", c("init", false), dependsOn(c("app", true), on("init", "COMPLETE")));
        engine.accept(List.of(t));

        runtime.exit(awaitDockerId(t, "init"), 3);

        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        assertThat(running.container("init").orElseThrow().exitCode()).isEqualTo(3);
    }

    @Test
    void healthyWaitsForTheHealthCheckAndHealthIsTrackedAndHeard() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", healthCheck(c("db", true), "true", 100, 1),
                dependsOn(c("app", true), on("db", "HEALTHY")));
        engine.accept(List.of(t));
        String db = awaitDockerId(t, "db");
        assertThat(record(t).container("db").orElseThrow().health()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(record(t).container("app").orElseThrow().health()).as("no health check").isNull();
        assertStaysPending(t, "app");

        runtime.health(db, HealthStatus.HEALTHY);

        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        assertThat(running.container("db").orElseThrow().health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(healthChanges).singleElement()
                .satisfies(r -> assertThat(r.container("db").orElseThrow().health()).isEqualTo(HealthStatus.HEALTHY));

        runtime.health(db, HealthStatus.UNHEALTHY);
        Await.until("unhealthy heard", WAIT, () -> healthChanges.size() == 2);
        assertThat(record(t).container("db").orElseThrow().health()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(record(t).known()).as("health alone does not stop a task").isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void healthyFailsWhenTheDependencyTurnsUnhealthy() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", healthCheck(c("db", true), "false", 100, 1),
                dependsOn(c("app", true), on("db", "HEALTHY")));
        engine.accept(List.of(t));
        String db = awaitDockerId(t, "db");

        runtime.health(db, HealthStatus.UNHEALTHY);

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.container("app").orElseThrow().reason()).endsWith("for target [app] as dependency is unhealthy.");
        assertThat(stopped.container("db").orElseThrow().exitCode()).isEqualTo(143);
    }

    @Test
    void healthyOnAContainerWithoutAHealthCheckCanNeverHold() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", c("db", true), dependsOn(c("app", true), on("db", "HEALTHY")));
        engine.accept(List.of(t));

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.container("app").orElseThrow().reason()).endsWith("as dependency has no health check.");
    }

    @Test
    void theDependencysOwnStartTimeoutBoundsTheWait() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", startTimeout(c("init", false), 1),
                dependsOn(c("app", true), on("init", "SUCCESS")));
        long started = System.nanoTime();
        engine.accept(List.of(t));

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(stopped.container("app").orElseThrow().reason()).isEqualTo("CannotStartContainerError: dependency graph: "
                + "container ordering dependency [init] for target [app] has timed out.");
        assertThat(stopped.container("init").orElseThrow().exitCode()).as("stopped with the task").isEqualTo(143);
    }

    @Test
    void theAgentDefaultStartTimeoutAppliesWhenTheDefinitionHasNone() {
        engine.close();
        engine = newEngine(Duration.ofMillis(300));
        AcsTask t = task(Tasks.newArn(), "RUNNING", healthCheck(c("db", true), "true", 100, 1),
                dependsOn(c("app", true), on("db", "HEALTHY")));
        engine.accept(List.of(t));

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.container("app").orElseThrow().reason()).endsWith("has timed out.");
    }

    @Test
    void aNonEssentialContainerWhoseDependencyFailedStaysDownAndTheTaskRuns() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", c("main", true), c("init", false),
                dependsOn(c("sidecar", false), on("init", "SUCCESS")),
                dependsOn(c("logger", false), on("sidecar", "START")));
        engine.accept(List.of(t));

        runtime.exit(awaitDockerId(t, "init"), 2);

        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        assertThat(running.container("sidecar").orElseThrow().isStopped()).isTrue();
        assertThat(running.container("sidecar").orElseThrow().reason()).contains("did not exit successfully");
        assertThat(running.container("logger").orElseThrow().reason())
                .as("START on a container that never started fails too").endsWith("as dependency never started.");
        assertThat(running.container("main").orElseThrow().known()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(runtime.containers).hasSize(2);
    }

    @Test
    void anEssentialCompleteDependencyThatExitsStopsTheTaskAsAnyEssentialExit() {
        // The server refuses COMPLETE/SUCCESS on essential containers; the agent still behaves.
        AcsTask t = task(Tasks.newArn(), "RUNNING", c("init", true), dependsOn(c("app", true), on("init", "SUCCESS")));
        engine.accept(List.of(t));

        runtime.exit(awaitDockerId(t, "init"), 0);

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.reason()).isEqualTo(TaskActor.ESSENTIAL_EXITED);
        assertThat(stopped.container("app").orElseThrow().dockerId()).isNull();
    }

    @Test
    void stoppingGoesInReverseDependencyOrder() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", dependsOn(c("proxy", true), on("app", "START")),
                dependsOn(c("app", true), on("db", "START")), c("db", true), c("metrics", false));
        engine.accept(List.of(t));
        TaskRecord running = Reports.awaitTask(reported, t.arn(), TaskStatus.RUNNING);
        List<String> startOrder = runtime.containers.values().stream()
                .sorted(java.util.Comparator.comparing(f -> f.id)).map(f -> f.spec.labels().get("com.amazonaws.ecs.container-name")).toList();
        assertThat(startOrder).containsSubsequence("db", "app", "proxy");

        engine.stop(List.of(t.arn()));

        Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        List<String> stopOrder = runtime.stops.stream().map(id -> running.containerById(id).orElseThrow().name()).toList();
        assertThat(stopOrder).containsSubsequence("proxy", "app", "db").contains("metrics").hasSize(4);
    }

    @Test
    void aDependencyCycleFailsInsteadOfHanging() {
        AcsTask t = task(Tasks.newArn(), "RUNNING", dependsOn(c("a", true), on("b", "START")),
                dependsOn(c("b", true), on("a", "START")));
        engine.accept(List.of(t));

        TaskRecord stopped = Reports.awaitTask(reported, t.arn(), TaskStatus.STOPPED);
        assertThat(stopped.containers()).anyMatch(x -> x.reason() != null && x.reason().contains("dependency cycle"));
    }

    private TaskRecord record(AcsTask t) {
        return engine.task(t.arn()).orElseThrow();
    }

    /** The container's id once it runs (exiting it earlier would race the actor's start). */
    private String awaitDockerId(AcsTask t, String name) {
        return Await.value(name + " running", WAIT, () -> engine.task(t.arn()).flatMap(r -> r.container(name))
                .filter(ContainerRecord::isUp).map(ContainerRecord::dockerId).orElse(null));
    }

    /**
     * The container is pulled but not created, and the actor has nothing left to do: it is parked on
     * its mailbox (FakeRuntime never blocks, so parking means waiting for a message or a deadline).
     */
    private void assertStaysPending(AcsTask t, String name) {
        Thread actor = engine.actorThread(t.arn()).orElseThrow();
        Await.until(name + " pulled and the actor idle", WAIT, () -> record(t).container(name).orElseThrow().known()
                .compareTo(ContainerStatus.PULLED) >= 0
                && (actor.getState() == Thread.State.WAITING || actor.getState() == Thread.State.TIMED_WAITING));
        assertThat(record(t).container(name).orElseThrow().dockerId()).isNull();
        assertThat(record(t).known()).isLessThan(TaskStatus.RUNNING);
    }
}
