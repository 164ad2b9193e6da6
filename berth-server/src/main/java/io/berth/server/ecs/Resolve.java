package io.berth.server.ecs;

import io.berth.model.Arns;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.wire.AwsException;
import java.util.Optional;

/** Finds the records a request names (short name, id, or ARN), with ECS's errors when they are missing. */
final class Resolve {
    private Resolve() {}

    static Optional<Cluster> clusterIfAny(State state, String nameOrArn) {
        return state.get(Keys.cluster(Arns.clusterName(nameOrArn)), Cluster.class);
    }

    /** An ACTIVE cluster, or ClusterNotFoundException. */
    static Cluster cluster(State state, String nameOrArn) {
        Cluster c = clusterIfAny(state, nameOrArn).orElse(null);
        if (c == null || !"ACTIVE".equals(c.status())) throw new AwsException("ClusterNotFoundException", "Cluster not found.");
        return c;
    }

    /** A container instance of {@code cluster} by id or ARN, if any. */
    static Optional<ContainerInstance> instance(State state, Cluster cluster, String idOrArn) {
        if (idOrArn.startsWith("arn:")) {
            return state.instanceByArn(idOrArn).filter(i -> i.clusterArn().equals(cluster.clusterArn()));
        }
        return state.get(Keys.instance(cluster.clusterName(), idOrArn), ContainerInstance.class);
    }

    static Optional<Task> task(State state, Cluster cluster, String idOrArn) {
        if (idOrArn.startsWith("arn:")) {
            return state.taskByArn(idOrArn).filter(t -> t.clusterArn().equals(cluster.clusterArn()));
        }
        return state.get(Keys.task(cluster.clusterName(), idOrArn), Task.class);
    }

    /**
     * A task definition from {@code family}, {@code family:revision} or an ARN. A bare family means
     * its latest ACTIVE revision.
     */
    static TaskDefinition taskDefinition(State state, String ref) {
        String familyRev = ref.startsWith("arn:") ? Arns.resource(ref, "task-definition").orElse(null) : ref;
        if (familyRev == null) throw AwsException.client("Invalid task definition ARN: " + ref);
        int colon = familyRev.lastIndexOf(':');
        if (colon < 0) {
            TaskDefinition latest = null;
            for (TaskDefinition d : state.range(Keys.family(familyRev), TaskDefinition.class)) {
                if (d.isActive()) latest = d;
            }
            if (latest == null) throw AwsException.client("Unable to describe task definition.");
            return latest;
        }
        int revision;
        try {
            revision = Integer.parseInt(familyRev.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw AwsException.client("Invalid revision number. Number: " + familyRev.substring(colon + 1));
        }
        return state.get(Keys.taskDefinition(familyRev.substring(0, colon), revision), TaskDefinition.class)
                .orElseThrow(() -> AwsException.client("Unable to describe task definition."));
    }
}
