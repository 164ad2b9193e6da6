package io.berth.agent.state;

import static io.berth.agent.testing.Tasks.container;
import static io.berth.agent.testing.Tasks.port;
import static io.berth.agent.testing.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.engine.TaskRecord;
import io.berth.agent.runtime.NetworkBinding;
import io.berth.agent.testing.Tasks;
import io.berth.model.ContainerStatus;
import io.berth.model.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
    @TempDir Path dir;

    @Test
    void roundTripKeepsEverything() {
        TaskRecord t = TaskRecord.fresh(task(Tasks.newArn(), "RUNNING",
                container("web", "img", true, List.of("httpd"), List.of(port(80, 0)), 5, null)))
                .withContainer("web", c -> c.withKnown(ContainerStatus.PULLED).created("abc123", "ecs-web-3-web-1")
                        .running(List.of(new NetworkBinding("127.0.0.2", 80, 32768, "tcp"))).stopped(137, null))
                .withKnown(TaskStatus.RUNNING).withReason("Essential container in task exited").withPullTimes(1000L, 2000L);
        AgentState state = new AgentState(AgentState.CURRENT_VERSION, "default", "arn:ci", 42, List.of(t), List.of("arn:old"));
        StateFile file = new StateFile(dir);

        file.save(state);
        AgentState loaded = file.load().orElseThrow();

        assertThat(loaded).isEqualTo(state);
        assertThat(loaded.tasks().getFirst().container("web").orElseThrow().exitCode()).isEqualTo(137);
        assertThat(Files.exists(dir.resolve(StateFile.NAME + ".tmp"))).isFalse();
    }

    @Test
    void pulledImagesAreKeptAndAFileFromBeforeThemLoadsWithNone() throws Exception {
        StateFile file = new StateFile(dir);
        AgentState state = new AgentState(AgentState.CURRENT_VERSION, "default", "arn:ci", 3, List.of(), List.of(),
                List.of("127.0.0.1:4566/app:1", "busybox:latest"));
        file.save(state);
        assertThat(file.load().orElseThrow().pulledImages()).containsExactly("127.0.0.1:4566/app:1", "busybox:latest");

        Files.writeString(file.path(), "{\"version\":1,\"cluster\":\"default\",\"containerInstanceArn\":\"arn:ci\",\"seqNum\":3,"
                + "\"tasks\":[],\"finishedTasks\":[]}");
        assertThat(file.load().orElseThrow().pulledImages()).isEmpty();
    }

    @Test
    void savesTheSameJsonAsEncodingTheWholeStateWhenRecordsAreReusedOrReplaced() throws Exception {
        TaskRecord a = TaskRecord.fresh(task(Tasks.newArn(), "RUNNING", container("web", "img", true, List.of("httpd"), List.of(port(80, 0)), 5, null)));
        TaskRecord b = TaskRecord.fresh(task(Tasks.newArn(), "RUNNING", container("db", "img", true, List.of(), List.of(), 5, null)));
        StateFile file = new StateFile(dir);
        file.save(new AgentState(AgentState.CURRENT_VERSION, "default", "arn:ci", 1, List.of(a, b), List.of()));

        TaskRecord a2 = a.withKnown(TaskStatus.RUNNING);
        TaskRecord c = TaskRecord.fresh(task(Tasks.newArn(), "RUNNING", container("job", "img", true, List.of(), List.of(), 5, null)));
        AgentState next = new AgentState(AgentState.CURRENT_VERSION, "default", "arn:ci", 2, List.of(a2, b, c), List.of("arn:old"));
        file.save(next);

        assertThat(Files.readAllBytes(file.path())).isEqualTo(StateFile.MAPPER.writeValueAsBytes(next));
        assertThat(file.load().orElseThrow()).isEqualTo(next);
    }

    @Test
    void changesThatComeTogetherAreSavedOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger snapshots = new java.util.concurrent.atomic.AtomicInteger();
        try (StateWriter writer = new StateWriter(new StateFile(dir), () -> {
            snapshots.incrementAndGet();
            return AgentState.empty("a");
        })) {
            for (int i = 0; i < 5; i++) writer.requestSave(); // a task's steps, one after another
            Thread.sleep(StateWriter.SETTLE.multipliedBy(4).toMillis());
            assertThat(snapshots.get()).isEqualTo(1);
        }
    }

    @Test
    void missingFileIsNoState() {
        assertThat(new StateFile(dir.resolve("nothing-here")).load()).isEmpty();
    }

    @Test
    void writerSavesTheLatestSnapshotOnClose() {
        StateFile file = new StateFile(dir);
        AgentState[] current = {AgentState.empty("a")};
        StateWriter writer = new StateWriter(file, () -> current[0]);
        writer.requestSave();
        current[0] = new AgentState(1, "a", "arn:x", 7, List.of(), List.of());

        writer.close();

        assertThat(file.load().orElseThrow().seqNum()).isEqualTo(7);
    }
}
