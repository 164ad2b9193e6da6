package io.berth.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskProtection;
import io.berth.store.memory.MemoryStateStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoppedTaskJanitorTest {
    private static Task task(String id, String last, Instant stoppedAt) {
        Task.Builder b = new Task.Builder();
        b.taskArn = "arn:aws:ecs:us-east-1:000000000000:task/c/" + id;
        b.clusterArn = "arn:aws:ecs:us-east-1:000000000000:cluster/c";
        b.taskDefinitionArn = "arn:aws:ecs:us-east-1:000000000000:task-definition/f:1";
        b.lastStatus = last;
        b.desiredStatus = last.equals("STOPPED") ? "STOPPED" : "RUNNING";
        b.createdAt = Instant.parse("2026-11-24T00:00:00Z");
        b.stoppedAt = stoppedAt;
        b.containers = List.of();
        return b.build();
    }

    @Test
    void forgetsOnlyTasksStoppedBeforeTheCutoff() {
        try (MemoryStateStore store = new MemoryStateStore()) {
            State state = new State();
            Committer c = new Committer(store, state);
            Instant cutoff = Instant.parse("2026-11-24T01:00:00Z");
            c.write(tx -> {
                tx.put(Keys.task("c", "old"), task("old", "STOPPED", cutoff.minusSeconds(1)));
                tx.put(Keys.protection("c", "old"), new TaskProtection("arn:aws:ecs:us-east-1:000000000000:task/c/old", false, null));
                tx.put(Keys.task("c", "recent"), task("recent", "STOPPED", cutoff.plusSeconds(1)));
                tx.put(Keys.task("c", "running"), task("running", "RUNNING", null));
                return null;
            });
            // "running" is RUNNING and needs no task definition lookup for usage: it has no instance
            int swept = c.write(tx -> StoppedTaskJanitor.sweep(tx, cutoff));
            assertThat(swept).isEqualTo(1);
            assertThat(state.get(Keys.task("c", "old"), Task.class)).isEmpty();
            assertThat(store.get(Keys.protection("c", "old"))).isEmpty();
            assertThat(state.get(Keys.task("c", "recent"), Task.class)).isPresent();
            assertThat(state.get(Keys.task("c", "running"), Task.class)).isPresent();
            c.close();
        }
    }
}
