package io.berth.agent.engine;

import static io.berth.agent.testing.ContainerDefs.dependsOn;
import static io.berth.agent.testing.ContainerDefs.on;
import static io.berth.agent.testing.ContainerDefs.startTimeout;
import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.testing.Tasks;
import io.berth.model.ContainerStatus;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsContainer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner alone, with the clock passed in: deadlines and stop waves without threads. */
class StepPlannerTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Duration DEFAULT = Duration.ofMinutes(3);

    private static AcsContainer c(String name, boolean essential) {
        return container(name, "img", essential, List.of("sh"));
    }

    private static TaskRecord pulledAndRunning(TaskRecord r, String running, long startedAt, String... pulled) {
        r = r.withContainer(running, x -> x.withKnown(ContainerStatus.PULLED).created("id-" + running, running)
                .running(List.of(), startedAt));
        for (String p : pulled) r = r.withContainer(p, x -> x.withKnown(ContainerStatus.PULLED));
        return r;
    }

    @Test
    void waitsUntilTheDependencysDeadlineThenFailsTheDependent() {
        TaskRecord r = pulledAndRunning(TaskRecord.fresh(task(Tasks.newArn(), "RUNNING", startTimeout(c("init", false), 10),
                dependsOn(c("app", true), on("init", "SUCCESS")))), "init", T0, "app");

        assertThat(StepPlanner.next(r, T0 + 9_999, DEFAULT)).isEqualTo(new Step.Wait(T0 + 10_000));
        assertThat(StepPlanner.next(r, T0 + 10_000, DEFAULT)).isEqualTo(new Step.DependencyFailed("app",
                "dependency graph: container ordering dependency [init] for target [app] has timed out."));
    }

    @Test
    void startHasNoDeadlineAndTheAgentDefaultCoversDependenciesWithoutTheirOwn() {
        TaskRecord r = TaskRecord.fresh(task(Tasks.newArn(), "RUNNING", c("db", true), c("init", false),
                dependsOn(c("app", true), on("db", "START"), on("init", "COMPLETE"))));
        r = r.withContainer("app", x -> x.withKnown(ContainerStatus.PULLED));
        r = r.withContainer("db", x -> x.withKnown(ContainerStatus.PULLED));
        assertThat(StepPlanner.next(r, T0, DEFAULT)).isEqualTo(new Step.Create("db"));

        r = pulledAndRunning(r, "db", T0);
        r = pulledAndRunning(r, "init", T0 + 5);
        assertThat(StepPlanner.next(r, T0 + 10, DEFAULT)).isEqualTo(new Step.Wait(T0 + 5 + DEFAULT.toMillis()));

        r = r.withContainer("init", x -> x.stopped(1, null));
        assertThat(StepPlanner.next(r, T0 + 20, DEFAULT)).isEqualTo(new Step.Create("app"));
    }

    @Test
    void stopsDependentsFirstWaveByWave() {
        TaskRecord r = TaskRecord.fresh(task(Tasks.newArn(), "RUNNING", c("db", true),
                dependsOn(c("app", true), on("db", "HEALTHY")), dependsOn(c("proxy", true), on("app", "START")),
                c("logs", false))).withDesired(TaskStatus.STOPPED);
        for (String n : List.of("db", "app", "proxy", "logs")) r = pulledAndRunning(r, n, T0);

        assertThat(StepPlanner.next(r, T0, DEFAULT)).isEqualTo(new Step.StopContainers(List.of("proxy", "logs")));
        r = r.withContainer("proxy", x -> x.stopped(0, null)).withContainer("logs", x -> x.stopped(0, null));
        assertThat(StepPlanner.next(r, T0, DEFAULT)).isEqualTo(new Step.StopContainers(List.of("app")));
        r = r.withContainer("app", x -> x.stopped(0, null));
        assertThat(StepPlanner.next(r, T0, DEFAULT)).isEqualTo(new Step.StopContainers(List.of("db")));
    }
}
