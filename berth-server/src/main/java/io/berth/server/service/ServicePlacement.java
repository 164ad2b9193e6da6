package io.berth.server.service;

import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.TaskDefinition;
import io.berth.scheduler.Placement;
import io.berth.scheduler.PlacementInputException;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.PlacementSpec;
import io.berth.scheduler.Placer;
import io.berth.scheduler.Strategy;
import io.berth.scheduler.TaskDemand;
import io.berth.server.placement.InstancesView;
import io.berth.server.state.State;
import io.berth.wire.AwsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Where a service task goes: the same placement pipeline as RunTask, with the service's placement
 * constraints and strategies (ECS's service default, spread across availability zones then
 * instances, when it has none) and the task definition's constraints. A DAEMON task goes to the one
 * instance it is for, subject to resources and constraints.
 */
final class ServicePlacement {
    private static final Placer PLACER = new Placer(Placer.DEFAULT_SAMPLE);

    private ServicePlacement() {}

    /** Checks a CreateService/UpdateService request's placement rules, with ECS's errors. */
    static void check(com.fasterxml.jackson.databind.JsonNode constraints, com.fasterxml.jackson.databind.JsonNode strategies, TaskDefinition def) {
        try {
            PlacementSpec.of(constraints, def.doc().get("placementConstraints"), strategies, PlacementSpec.SERVICE_DEFAULT);
        } catch (PlacementInputException e) {
            throw AwsException.invalidParameter(e.getMessage());
        }
    }

    static PlacementSpec spec(Service svc, TaskDefinition def) {
        try {
            if (svc.daemon()) {
                return PlacementSpec.of(svc.placementConstraints(), def.doc().get("placementConstraints"), null, List.of());
            }
            return PlacementSpec.of(svc.placementConstraints(), def.doc().get("placementConstraints"), svc.placementStrategy(),
                    PlacementSpec.SERVICE_DEFAULT);
        } catch (PlacementInputException e) {
            throw AwsException.invalidParameter(e.getMessage());
        }
    }

    /**
     * The instances whose attributes a DAEMON service's placement constraints accept (resources
     * aside: an instance that is too small still gets its "unable to place" event).
     */
    static Predicate<String> allowedBy(State st, Service svc, List<ContainerInstance> instances, Predicate<String> connected) {
        TaskDefinition def = svc.primary().flatMap(d -> st.taskDefinitionByArn(d.taskDefinition())).orElse(null);
        if (def == null) return arn -> true;
        PlacementSpec spec = spec(svc, def);
        if (spec.constraints().isEmpty()) return arn -> true;
        TaskDemand nothing = new TaskDemand(0, 0, 0, List.of(), List.of(), false);
        java.util.Set<String> allowed = new java.util.HashSet<>();
        for (ContainerInstance i : instances) {
            if (!"ACTIVE".equals(i.status())) continue;
            Placement p = PLACER.place(InstancesView.single(st, i, arn -> true),
                    new PlacementRequest(nothing, svc.group() + "#eligibility", spec, 1, 0L, false));
            if (!p.instances().isEmpty()) allowed.add(i.containerInstanceArn());
        }
        return allowed::contains;
    }

    /** The instances' free CPU and memory when a scale-in by the service's strategies needs them (binpack), else null. */
    static ScaleInOrder.Free freeForScaleIn(State st, String clusterName, Service svc, Predicate<String> connected) {
        if (ScaleInOrder.strategies(svc).stream().noneMatch(s -> s instanceof Strategy.Binpack)) return null;
        Map<String, Integer> cpu = new HashMap<>();
        Map<String, Integer> memory = new HashMap<>();
        for (var c : InstancesView.of(st, clusterName, i -> true, connected).candidates()) {
            cpu.put(c.arn(), c.cpuFree());
            memory.put(c.arn(), c.memoryFree());
        }
        return new ScaleInOrder.Free(cpu, memory);
    }

    static Placement place(State st, String clusterName, Service svc, TaskDefinition def, TaskDemand demand, String onlyInstance,
                           Predicate<String> connected) {
        InstancesView view;
        if (onlyInstance != null) {
            ContainerInstance inst = st.instanceByArn(onlyInstance).orElse(null);
            if (inst == null) return new Placement(List.of(), List.of(new Placement.Failure(onlyInstance, "MISSING", null)), null);
            view = InstancesView.single(st, inst, connected);
        } else {
            view = InstancesView.active(st, clusterName, connected);
        }
        return PLACER.place(view, new PlacementRequest(demand, svc.group(), spec(svc, def), 1, ThreadLocalRandom.current().nextLong(), false));
    }
}
