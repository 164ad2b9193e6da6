package io.berth.agent.session;

import io.berth.agent.engine.ContainerRecord;
import io.berth.agent.engine.TaskRecord;
import io.berth.model.TaskStatus;
import io.berth.wire.tcs.PublishHealthRequest;
import io.berth.wire.tcs.PublishHealthRequest.ContainerHealth;
import io.berth.wire.tcs.PublishHealthRequest.TaskHealth;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds TCS {@code PublishHealthRequest}s from task records, as the ECS agent reports container
 * health: only containers with a health check, only while they and their task are not stopped.
 * Pure apart from the message id.
 */
final class HealthReports {
    private HealthReports() {}

    /** The task's health entry, or empty when it has no container to report. */
    static Optional<TaskHealth> of(TaskRecord task) {
        if (task.known() == TaskStatus.STOPPED) return Optional.empty();
        List<ContainerHealth> containers = new ArrayList<>();
        for (ContainerRecord c : task.containers()) {
            if (c.health() == null || c.isStopped()) continue;
            containers.add(new ContainerHealth(c.name(), c.health().name(),
                    c.healthSince() == null ? null : seconds(c.healthSince()), null));
        }
        if (containers.isEmpty()) return Optional.empty();
        return Optional.of(new TaskHealth(task.arn(), task.definition().taskClusterArn(), task.definition().family(),
                task.definition().version(), containers));
    }

    /** One request for these tasks (empty when none has anything to report). */
    static Optional<PublishHealthRequest> request(String cluster, String containerInstance, List<TaskRecord> tasks,
            long nowMillis) {
        List<TaskHealth> entries = new ArrayList<>();
        for (TaskRecord t : tasks) of(t).ifPresent(entries::add);
        if (entries.isEmpty()) return Optional.empty();
        return Optional.of(new PublishHealthRequest(
                new PublishHealthRequest.Metadata(cluster, containerInstance, UUID.randomUUID().toString(), true),
                entries, seconds(nowMillis)));
    }

    static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }
}
