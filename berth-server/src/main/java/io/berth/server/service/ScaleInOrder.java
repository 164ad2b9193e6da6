package io.berth.server.service;

import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.Task;
import io.berth.scheduler.PlacementInputException;
import io.berth.scheduler.PlacementSpec;
import io.berth.scheduler.Strategy;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which task a scale-in stops next. ECS picks tasks to stop by the service's placement strategies,
 * applied in order: {@code spread(field)} stops from the most loaded value of the field, so it stays
 * balanced; {@code binpack(resource)} stops on the instance that will have the most of the
 * resource free afterwards (the least packed one); {@code random} takes any. Before the strategies,
 * a task that is not yet healthy goes first; after them, the newest among equals. Protected tasks
 * are never chosen. Pure; one instance per reconcile pass, as it remembers what it has freed.
 */
public final class ScaleInOrder {
    /** Free CPU units and MiB of memory per instance ARN, before this pass's stops. */
    public record Free(Map<String, Integer> cpu, Map<String, Integer> memory) {
        static final Free NONE = new Free(Map.of(), Map.of());
    }

    private final List<Strategy> strategies;
    private final Map<String, ContainerInstance> instances = new HashMap<>();
    private final Free free;
    private final Predicate<String> protectedTask;
    private final Map<String, Integer> freedCpu = new HashMap<>();
    private final Map<String, Integer> freedMemory = new HashMap<>();

    ScaleInOrder(Service svc, List<ContainerInstance> instances, Free free, Predicate<String> protectedTask) {
        this.strategies = strategies(svc);
        for (ContainerInstance i : instances) this.instances.put(i.containerInstanceArn(), i);
        this.free = free == null ? Free.NONE : free;
        this.protectedTask = protectedTask;
    }

    static List<Strategy> strategies(Service svc) {
        try {
            return PlacementSpec.of(null, null, svc.placementStrategy(), PlacementSpec.SERVICE_DEFAULT).strategies();
        } catch (PlacementInputException e) {
            return PlacementSpec.SERVICE_DEFAULT; // validated on CreateService/UpdateService; never here in practice
        }
    }

    /** The next task to stop out of {@code current} (the tasks still kept), or null if all are protected. */
    Task next(List<Task> current) {
        Comparator<Task> order = Comparator.comparing(ServiceTasks::healthy);
        for (Strategy s : strategies) {
            order = order.thenComparing(switch (s) {
                case Strategy.Spread sp -> {
                    Map<String, Integer> load = new HashMap<>();
                    for (Task t : current) load.merge(valueOf(sp, t), 1, Integer::sum);
                    yield Comparator.comparingInt((Task t) -> -load.get(valueOf(sp, t)));
                }
                case Strategy.Binpack bp -> Comparator.comparingInt((Task t) -> -freeAfter(bp.field(), t));
                case Strategy.Random r -> (Task a, Task b) -> 0;
            });
        }
        order = order.thenComparing(Task::createdAt, Comparator.reverseOrder());
        Task victim = current.stream().filter(t -> !protectedTask.test(t.taskArn())).min(order).orElse(null);
        if (victim != null) {
            String inst = String.valueOf(victim.containerInstanceArn());
            freedCpu.merge(inst, amount(victim.cpu()), Integer::sum);
            freedMemory.merge(inst, amount(victim.memory()), Integer::sum);
        }
        return victim;
    }

    private String valueOf(Strategy.Spread sp, Task t) {
        if (sp.field().isInstance()) return String.valueOf(t.containerInstanceArn());
        ContainerInstance i = instances.get(t.containerInstanceArn());
        return i == null ? "" : i.attribute(sp.field().attribute()).orElse("");
    }

    /** The resource free on the task's instance once it and this pass's earlier victims there have stopped. */
    private int freeAfter(Strategy.Resource field, Task t) {
        String inst = String.valueOf(t.containerInstanceArn());
        return switch (field) {
            case CPU -> free.cpu().getOrDefault(inst, 0) + freedCpu.getOrDefault(inst, 0) + amount(t.cpu());
            case MEMORY -> free.memory().getOrDefault(inst, 0) + freedMemory.getOrDefault(inst, 0) + amount(t.memory());
        };
    }

    private static int amount(String v) {
        try {
            return v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0; // a Fargate-style "1 vCPU" never reaches an EC2 instance's books
        }
    }
}
