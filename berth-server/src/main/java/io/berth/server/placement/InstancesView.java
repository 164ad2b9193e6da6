package io.berth.server.placement;

import io.berth.model.ecs.ContainerInstance;
import io.berth.scheduler.ClusterView;
import io.berth.server.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The instances of one cluster as placement candidates, in key order. Built per command, in the committer. */
public final class InstancesView implements ClusterView {
    private final List<InstanceCandidate> candidates;

    private InstancesView(List<InstanceCandidate> candidates) {
        this.candidates = candidates;
    }

    /** The cluster's instances that {@code include} keeps (RunTask: ACTIVE ones). */
    public static InstancesView of(State state, String clusterName, Predicate<ContainerInstance> include, Predicate<String> agentConnected) {
        List<InstanceCandidate> out = new ArrayList<>();
        for (ContainerInstance i : state.instancesOf(clusterName)) {
            if (include.test(i)) out.add(new InstanceCandidate(i, state.usage(), agentConnected));
        }
        return new InstancesView(out);
    }

    public static InstancesView single(State state, ContainerInstance i, Predicate<String> agentConnected) {
        return new InstancesView(List.of(new InstanceCandidate(i, state.usage(), agentConnected)));
    }

    @Override
    public List<InstanceCandidate> candidates() {
        return candidates;
    }
}
