package io.berth.agent.engine;

/** A change the server must hear of, in order per task. */
public sealed interface StateChange {
    TaskRecord task();

    default String taskArn() {
        return task().arn();
    }

    /** The task reached a status the server tracks (RUNNING or STOPPED): SubmitTaskStateChange. */
    record TaskChanged(TaskRecord task) implements StateChange {}

    /** A container changed while its task's status stayed the same: SubmitContainerStateChange. */
    record ContainerChanged(TaskRecord task, String containerName) implements StateChange {}
}
