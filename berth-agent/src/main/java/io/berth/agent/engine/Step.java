package io.berth.agent.engine;

/** The next single effect that brings a task's known status toward its desired one. */
sealed interface Step {
    /** Nothing to do until a message arrives. */
    record Wait() implements Step {}

    /** Make sure the image of this container is present. */
    record Pull(String container) implements Step {}

    record Create(String container) implements Step {}

    record Start(String container) implements Step {}

    /** Every container is up: the task is RUNNING. */
    record MarkRunning() implements Step {}

    /** Stop every container not yet stopped. */
    record StopContainers() implements Step {}

    /** Every container is stopped: the task is STOPPED. */
    record MarkStopped() implements Step {}
}
