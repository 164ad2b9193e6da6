package io.berth.agent.runtime;

/** What the runtime tells the engine without being asked. */
public sealed interface RuntimeEvent {
    /** A container's main process ended (Docker {@code die}), or was OOM-killed ({@code oom}). */
    record ContainerExited(String containerId, boolean oom) implements RuntimeEvent {}

    /** The event stream was re-opened; exits may have been missed, so look again. */
    record StreamRestarted() implements RuntimeEvent {}
}
