package io.berth.agent.runtime;

/** What the runtime tells the engine without being asked. */
public sealed interface RuntimeEvent {
    /** A container's main process ended (Docker {@code die}), or was OOM-killed ({@code oom}). */
    record ContainerExited(String containerId, boolean oom) implements RuntimeEvent {}

    /** A container's health check changed its verdict (Docker {@code health_status: healthy|unhealthy}). */
    record HealthChanged(String containerId, HealthStatus status) implements RuntimeEvent {}

    /** The event stream was re-opened; exits and health changes may have been missed, so look again. */
    record StreamRestarted() implements RuntimeEvent {}
}
