package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.Tag;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.server.state.State;
import java.util.List;
import java.util.Optional;

/** Record lookups and input checks for ECS operations outside this package (services), with ECS's errors. */
public final class Lookup {
    private Lookup() {}

    /** An ACTIVE cluster by name or ARN, or ClusterNotFoundException. */
    public static Cluster cluster(State state, String nameOrArn) {
        return Resolve.cluster(state, nameOrArn);
    }

    /** A task definition by family, family:revision or ARN (a bare family: its latest ACTIVE revision). */
    public static TaskDefinition taskDefinition(State state, String ref) {
        return Resolve.taskDefinition(state, ref);
    }

    public static Optional<Task> task(State state, Cluster cluster, String idOrArn) {
        return Resolve.task(state, cluster, idOrArn);
    }

    /** Tags from a request, checked as ECS checks them. */
    public static List<Tag> tags(JsonNode array) {
        return Tagging.parse(array);
    }
}
