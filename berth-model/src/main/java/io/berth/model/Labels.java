package io.berth.model;

/** Docker labels the ECS agent puts on task containers, plus Berth's own. */
public final class Labels {
    public static final String TASK_ARN = "com.amazonaws.ecs.task-arn";
    public static final String CONTAINER_NAME = "com.amazonaws.ecs.container-name";
    public static final String CLUSTER = "com.amazonaws.ecs.cluster";
    public static final String TASK_DEFINITION_FAMILY = "com.amazonaws.ecs.task-definition-family";
    public static final String TASK_DEFINITION_VERSION = "com.amazonaws.ecs.task-definition-version";
    /** Berth: the container instance whose agent made the container, so agents sharing a Docker engine keep apart. */
    public static final String CONTAINER_INSTANCE_ARN = "io.berth.container-instance-arn";

    private Labels() {}
}
