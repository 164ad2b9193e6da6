package io.berth.agent.engine;

import io.berth.agent.runtime.ContainerState;
import io.berth.agent.runtime.HealthStatus;
import io.berth.model.TaskStatus;
import java.util.List;

/** What a task's actor is told. Equal messages waiting in the mailbox are sent only once. */
sealed interface TaskMessage {
    /** The server wants the task at this status (RUNNING or STOPPED). */
    record Desire(TaskStatus status) implements TaskMessage {}

    /** The runtime says this container's process ended. */
    record ContainerExited(String containerId, boolean oom) implements TaskMessage {}

    /** The runtime says this container's health check changed its verdict. */
    record HealthChanged(String containerId, HealthStatus status) implements TaskMessage {}

    /** After an agent restart: the containers found on the host that belong to this task. */
    record Recover(List<ContainerState> found) implements TaskMessage {}

    /** Exits may have been missed: look at the running containers again. */
    record Resync() implements TaskMessage {}

    /** The agent is closing: end the actor, leave the containers as they are. */
    record Shutdown() implements TaskMessage {}
}
