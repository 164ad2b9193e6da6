package io.berth.agent.engine;

import io.berth.agent.runtime.HealthStatus;
import io.berth.agent.runtime.NetworkBinding;
import io.berth.model.ContainerStatus;
import java.util.List;

/**
 * What the agent knows of one container of a task. Immutable; the task's actor replaces it.
 *
 * @param dockerId null until the container was created
 * @param exitCode set once the container stopped after running
 * @param reason why it stopped, when the agent knows more than the exit code
 * @param health null when the container has no health check; UNKNOWN until Docker decides
 * @param healthSince epoch millis of the last health change (or of the record's creation)
 * @param startedAt epoch millis when the agent saw it start; null if it never did (or before restore)
 */
public record ContainerRecord(
        String name,
        boolean essential,
        String dockerId,
        String dockerName,
        ContainerStatus known,
        Integer exitCode,
        String reason,
        List<NetworkBinding> bindings,
        HealthStatus health,
        Long healthSince,
        Long startedAt) {

    public ContainerRecord {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("container name is empty");
        if (known == null) known = ContainerStatus.NONE;
        bindings = bindings == null ? List.of() : List.copyOf(bindings);
    }

    public static ContainerRecord initial(String name, boolean essential) {
        return initial(name, essential, false, System.currentTimeMillis());
    }

    public static ContainerRecord initial(String name, boolean essential, boolean healthCheck, long now) {
        return new ContainerRecord(name, essential, null, null, ContainerStatus.NONE, null, null, List.of(),
                healthCheck ? HealthStatus.UNKNOWN : null, healthCheck ? Long.valueOf(now) : null, null);
    }

    /** Moves forward along the container transition table; moving to the same status is a no-op. */
    public ContainerRecord withKnown(ContainerStatus next) {
        if (next == known) return this;
        return new ContainerRecord(name, essential, dockerId, dockerName, known.moveTo(next), exitCode, reason, bindings,
                health, healthSince, startedAt);
    }

    public ContainerRecord created(String id, String dockerNameValue) {
        return new ContainerRecord(name, essential, id, dockerNameValue, known.moveTo(ContainerStatus.CREATED),
                exitCode, reason, bindings, health, healthSince, startedAt);
    }

    public ContainerRecord running(List<NetworkBinding> newBindings) {
        return running(newBindings, System.currentTimeMillis());
    }

    public ContainerRecord running(List<NetworkBinding> newBindings, long now) {
        return new ContainerRecord(name, essential, dockerId, dockerName, known.moveTo(ContainerStatus.RUNNING),
                exitCode, reason, newBindings, health, healthSince, startedAt == null ? Long.valueOf(now) : startedAt);
    }

    public ContainerRecord stopped(Integer code, String why) {
        return new ContainerRecord(name, essential, dockerId, dockerName, known.moveTo(ContainerStatus.STOPPED),
                code, why, bindings, health, healthSince, startedAt);
    }

    public ContainerRecord withDocker(String id, String dockerNameValue) {
        return new ContainerRecord(name, essential, id, dockerNameValue, known, exitCode, reason, bindings, health,
                healthSince, startedAt);
    }

    public ContainerRecord withBindings(List<NetworkBinding> newBindings) {
        return new ContainerRecord(name, essential, dockerId, dockerName, known, exitCode, reason, newBindings, health,
                healthSince, startedAt);
    }

    /**
     * Takes Docker's latest verdict. Ignored for a container without a health check, or one that
     * stopped (its last verdict stays), and when nothing changed.
     */
    public ContainerRecord withHealth(HealthStatus next, long now) {
        if (health == null || next == null || next == health || isStopped()) return this;
        return new ContainerRecord(name, essential, dockerId, dockerName, known, exitCode, reason, bindings, next,
                now, startedAt);
    }

    public boolean isStopped() {
        return known == ContainerStatus.STOPPED;
    }

    public boolean isUp() {
        return known == ContainerStatus.RUNNING || known == ContainerStatus.RESOURCES_PROVISIONED;
    }

    /** Whether its process ever started: up now, seen starting, or stopped with an exit code. */
    public boolean everStarted() {
        return isUp() || startedAt != null || (isStopped() && exitCode != null);
    }
}
