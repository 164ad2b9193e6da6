package io.berth.agent.engine;

/** Hears of containers whose health changed, e.g. to send a TCS {@code PublishHealthRequest}. */
@FunctionalInterface
public interface HealthListener {
    HealthListener NONE = task -> { };

    /**
     * A container of {@code task} has a new health status (see {@link ContainerRecord#health()}).
     * Called on the task's actor thread, once per change; must return quickly.
     */
    void healthChanged(TaskRecord task);
}
