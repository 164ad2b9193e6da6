package io.berth.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.engine.StateChange;
import io.berth.agent.engine.TaskRecord;
import io.berth.model.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** What the engine tests ask of the state changes a task engine reported. */
public final class Reports {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private Reports() {}

    /** The task as first reported at {@code status}, waited for up to 5 s. */
    public static TaskRecord awaitTask(List<StateChange> reported, String arn, TaskStatus status) {
        return Await.value(arn + " reported " + status, WAIT, () -> reported.stream()
                .filter(c -> c instanceof StateChange.TaskChanged && c.taskArn().equals(arn) && c.task().known() == status)
                .map(StateChange::task).findFirst().orElse(null));
    }

    /** Checked after every scenario: a task's reports never go backward, and STOPPED is reported at most once. */
    public static void assertMonotonic(List<StateChange> reported) {
        var byTask = reported.stream().filter(c -> c instanceof StateChange.TaskChanged).collect(Collectors.groupingBy(StateChange::taskArn));
        byTask.forEach((arn, changes) -> {
            for (int i = 1; i < changes.size(); i++) {
                assertThat(changes.get(i).task().known()).isGreaterThanOrEqualTo(changes.get(i - 1).task().known());
            }
            assertThat(changes.stream().filter(c -> c.task().known() == TaskStatus.STOPPED).count()).isLessThanOrEqualTo(1);
        });
    }
}
