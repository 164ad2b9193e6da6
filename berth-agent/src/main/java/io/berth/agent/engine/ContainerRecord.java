package io.berth.agent.engine;

import io.berth.agent.runtime.NetworkBinding;
import io.berth.model.ContainerStatus;
import java.util.List;

/**
 * What the agent knows of one container of a task. Immutable; the task's actor replaces it.
 *
 * @param dockerId null until the container was created
 * @param exitCode set once the container stopped after running
 * @param reason why it stopped, when the agent knows more than the exit code
 */
public record ContainerRecord(
        String name,
        boolean essential,
        String dockerId,
        String dockerName,
        ContainerStatus known,
        Integer exitCode,
        String reason,
        List<NetworkBinding> bindings) {

    public ContainerRecord {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("container name is empty");
        if (known == null) known = ContainerStatus.NONE;
        bindings = bindings == null ? List.of() : List.copyOf(bindings);
    }

    public static ContainerRecord initial(String name, boolean essential) {
        return new ContainerRecord(name, essential, null, null, ContainerStatus.NONE, null, null, List.of());
    }

    /** Moves forward along the container transition table; moving to the same status is a no-op. */
    public ContainerRecord withKnown(ContainerStatus next) {
        if (next == known) return this;
        return new ContainerRecord(name, essential, dockerId, dockerName, known.moveTo(next), exitCode, reason, bindings);
    }

    public ContainerRecord created(String id, String dockerNameValue) {
        return new ContainerRecord(name, essential, id, dockerNameValue, known.moveTo(ContainerStatus.CREATED),
                exitCode, reason, bindings);
    }

    public ContainerRecord running(List<NetworkBinding> newBindings) {
        return new ContainerRecord(name, essential, dockerId, dockerName, known.moveTo(ContainerStatus.RUNNING),
                exitCode, reason, newBindings);
    }

    public ContainerRecord stopped(Integer code, String why) {
        return new ContainerRecord(name, essential, dockerId, dockerName, known.moveTo(ContainerStatus.STOPPED),
                code, why, bindings);
    }

    public ContainerRecord withDocker(String id, String dockerNameValue) {
        return new ContainerRecord(name, essential, id, dockerNameValue, known, exitCode, reason, bindings);
    }

    public ContainerRecord withBindings(List<NetworkBinding> newBindings) {
        return new ContainerRecord(name, essential, dockerId, dockerName, known, exitCode, reason, newBindings);
    }

    public boolean isStopped() {
        return known == ContainerStatus.STOPPED;
    }
}
