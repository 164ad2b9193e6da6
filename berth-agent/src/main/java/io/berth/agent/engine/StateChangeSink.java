package io.berth.agent.engine;

/** Where the engine sends changes; delivery (in order per task, with retries) is the sink's job. */
@FunctionalInterface
public interface StateChangeSink {
    /** Queues a change; returns at once. Called from task actors. */
    void submit(StateChange change);
}
