package io.berth.agent.engine;

import java.util.List;

/** The next single effect that brings a task's known status toward its desired one. */
sealed interface Step {
    /** Nothing to do until a message arrives, or until {@code wakeAt} (epoch millis; MAX for never). */
    record Wait(long wakeAt) implements Step {
        public Wait() {
            this(Long.MAX_VALUE);
        }
    }

    /** Make sure the image of this container is present. */
    record Pull(String container) implements Step {}

    record Create(String container) implements Step {}

    record Start(String container) implements Step {}

    /** A {@code dependsOn} condition of this container can never hold: it will not start. */
    record DependencyFailed(String container, String reason) implements Step {}

    /** Every container is up: the task is RUNNING. */
    record MarkRunning() implements Step {}

    /**
     * Stop these containers (in parallel): those not yet stopped whose dependents have all stopped,
     * so a task goes down in reverse dependency order.
     */
    record StopContainers(List<String> containers) implements Step {
        public StopContainers {
            containers = List.copyOf(containers);
        }
    }

    /** Every container is stopped: the task is STOPPED. */
    record MarkStopped() implements Step {}
}
