package io.berth.server.placement;

import io.berth.model.ecs.ContainerInstance;
import io.berth.scheduler.ClusterView;
import io.berth.server.state.State;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * The instances of one cluster as placement candidates, in key order. Built per command, in the
 * committer. A candidate is made when the engine first reads it and kept for the command: a sampled
 * placement on a large cluster reads a few of thousands.
 */
public final class InstancesView implements ClusterView {
    private final List<InstanceCandidate> candidates;

    private InstancesView(List<InstanceCandidate> candidates) {
        this.candidates = candidates;
    }

    /** The cluster's ACTIVE instances, the ones RunTask and services place on. */
    public static InstancesView active(State state, String clusterName, Predicate<String> agentConnected) {
        return new InstancesView(new Lazy(state, state.activeInstancesOf(clusterName), agentConnected));
    }

    /** The cluster's instances that {@code include} keeps. */
    public static InstancesView of(State state, String clusterName, Predicate<ContainerInstance> include, Predicate<String> agentConnected) {
        return new InstancesView(new Lazy(state, state.instancesOf(clusterName).stream().filter(include).toList(), agentConnected));
    }

    public static InstancesView single(State state, ContainerInstance i, Predicate<String> agentConnected) {
        return new InstancesView(List.of(new InstanceCandidate(i, state.usage(), agentConnected)));
    }

    @Override
    public List<InstanceCandidate> candidates() {
        return candidates;
    }

    /** Candidates over an immutable instance list, each made on first read. */
    private static final class Lazy extends AbstractList<InstanceCandidate> implements RandomAccess {
        private final State state;
        private final List<ContainerInstance> instances;
        private final Predicate<String> agentConnected;
        private InstanceCandidate[] made;

        Lazy(State state, List<ContainerInstance> instances, Predicate<String> agentConnected) {
            this.state = state;
            this.instances = instances;
            this.agentConnected = agentConnected;
        }

        @Override
        public InstanceCandidate get(int index) {
            if (made == null) made = new InstanceCandidate[instances.size()];
            InstanceCandidate c = made[index];
            if (c == null) made[index] = c = new InstanceCandidate(instances.get(index), state.usage(), agentConnected);
            return c;
        }

        @Override
        public int size() {
            return instances.size();
        }
    }
}
