package io.berth.agent.engine;

import io.berth.model.ContainerStatus;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsContainer;
import io.berth.wire.acs.AcsTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the agent knows of one task: its definition as ACS sent it, desired and known status, and its
 * containers. Immutable; only the task's actor makes new ones. This is also what the state file holds.
 *
 * @param pullStartedAt epoch millis, null if nothing was pulled
 * @param executionStoppedAt epoch millis, set when the task reached STOPPED
 */
public record TaskRecord(
        AcsTask definition,
        TaskStatus desired,
        TaskStatus known,
        String reason,
        List<ContainerRecord> containers,
        Long pullStartedAt,
        Long pullStoppedAt,
        Long executionStoppedAt) {

    public TaskRecord {
        if (definition == null || definition.arn() == null) throw new IllegalArgumentException("task has no arn");
        if (desired == null) desired = TaskStatus.RUNNING;
        if (known == null) known = TaskStatus.PROVISIONING;
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public static TaskRecord fresh(AcsTask definition) {
        List<ContainerRecord> containers = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (AcsContainer c : definition.containers() == null ? List.<AcsContainer>of() : definition.containers()) {
            containers.add(ContainerRecord.initial(c.name(), c.essential() == null || c.essential(), hasHealthCheck(c), now));
        }
        return new TaskRecord(definition, TaskStatus.parse(definition.desiredStatus()), TaskStatus.PROVISIONING,
                null, containers, null, null, null);
    }

    /**
     * Whether Docker runs a health check for this container: ECS marks it with {@code healthCheckType}
     * "docker", and the check itself travels as {@code Healthcheck} in {@code dockerConfig.config}
     * (a test of {@code ["NONE"]} turns an image's check off).
     */
    static boolean hasHealthCheck(AcsContainer c) {
        if ("docker".equalsIgnoreCase(c.healthCheckType())) return true;
        try {
            var h = DockerConfigParser.config(c.dockerConfig() == null ? null : c.dockerConfig().config()).healthCheck();
            return h != null && h.test() != null && !h.test().isEmpty() && !"NONE".equals(h.test().getFirst());
        } catch (IllegalArgumentException badJson) {
            return false; // creating the container fails with the reason
        }
    }

    public String arn() {
        return definition.arn();
    }

    public Optional<ContainerRecord> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<ContainerRecord> containerById(String dockerId) {
        return containers.stream().filter(c -> dockerId.equals(c.dockerId())).findFirst();
    }

    public Optional<AcsContainer> definitionOf(String containerName) {
        return definition.containers().stream().filter(c -> c.name().equals(containerName)).findFirst();
    }

    public TaskRecord withContainer(String name, UnaryOperator<ContainerRecord> change) {
        List<ContainerRecord> next = new ArrayList<>(containers.size());
        for (ContainerRecord c : containers) next.add(c.name().equals(name) ? change.apply(c) : c);
        return new TaskRecord(definition, desired, known, reason, next, pullStartedAt, pullStoppedAt, executionStoppedAt);
    }

    /** Moves the known status forward; the same status is a no-op. */
    public TaskRecord withKnown(TaskStatus next) {
        if (next == known) return this;
        return new TaskRecord(definition, desired, known.moveTo(next), reason, containers, pullStartedAt,
                pullStoppedAt, next == TaskStatus.STOPPED ? Long.valueOf(System.currentTimeMillis()) : executionStoppedAt);
    }

    public TaskRecord withDesired(TaskStatus next) {
        return new TaskRecord(definition, next, known, reason, containers, pullStartedAt, pullStoppedAt, executionStoppedAt);
    }

    /** Records the first reason only: later failures are consequences of the first. */
    public TaskRecord withReason(String why) {
        if (reason != null && !reason.isEmpty()) return this;
        return new TaskRecord(definition, desired, known, why, containers, pullStartedAt, pullStoppedAt, executionStoppedAt);
    }

    public TaskRecord withPullTimes(long started, long stopped) {
        return new TaskRecord(definition, desired, known, reason, containers,
                pullStartedAt == null ? Long.valueOf(started) : pullStartedAt, stopped, executionStoppedAt);
    }

    public boolean allStopped() {
        return containers.stream().allMatch(ContainerRecord::isStopped);
    }

    public boolean anyEssentialStopped() {
        return containers.stream().anyMatch(c -> c.essential() && c.isStopped());
    }

    /** Running on this host as far as the server is concerned: wanted RUNNING and not yet stopped. */
    public boolean isActive() {
        return desired == TaskStatus.RUNNING && known != TaskStatus.STOPPED;
    }

    public boolean everyContainerStartedOrDone() {
        return containers.stream().allMatch(c -> c.known() == ContainerStatus.RUNNING
                || c.known() == ContainerStatus.RESOURCES_PROVISIONED || (!c.essential() && c.isStopped()));
    }
}
