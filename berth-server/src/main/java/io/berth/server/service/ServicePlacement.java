package io.berth.server.service;

import io.berth.model.ecs.ContainerInstance;
import io.berth.scheduler.Candidate;
import io.berth.scheduler.Placement;
import io.berth.scheduler.SimplePlacer;
import io.berth.scheduler.TaskDemand;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a service task goes: the cluster's ACTIVE instances (or the one a DAEMON task is for) as
 * placement candidates, then the placer. Uses the same placer as RunTask.
 */
final class ServicePlacement {
    private ServicePlacement() {}

    static Placement place(State st, String clusterName, TaskDemand demand, String onlyInstance, Predicate<String> connected) {
        List<ContainerInstance> instances = new ArrayList<>();
        for (ContainerInstance i : st.range(Keys.instancesOf(clusterName), ContainerInstance.class)) {
            if (!"ACTIVE".equals(i.status())) continue;
            if (onlyInstance != null && !onlyInstance.equals(i.containerInstanceArn())) continue;
            instances.add(i);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (ContainerInstance i : instances) {
            var use = st.usage().of(i.containerInstanceArn());
            List<String> reservedTcp = i.resource("PORTS").map(r -> r.stringSetValue()).orElse(List.of());
            List<String> reservedUdp = i.resource("PORTS_UDP").map(r -> r.stringSetValue()).orElse(List.of());
            candidates.add(new Candidate(i.containerInstanceArn(), true, connected.test(i.containerInstanceArn()),
                    i.registeredInt("CPU") - use.cpu(), i.registeredInt("MEMORY") - use.memory(),
                    p -> !reservedTcp.contains(String.valueOf(p)) && st.usage().portFree(i, "tcp", p, demand.hostNetwork()),
                    p -> !reservedUdp.contains(String.valueOf(p)) && st.usage().portFree(i, "udp", p, demand.hostNetwork()),
                    use.running() + use.pending()));
        }
        return SimplePlacer.place(candidates, demand, 1);
    }
}
