package io.berth.agent.engine;

import io.berth.model.ContainerStatus;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsContainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a task's next step from its record alone: no I/O, no clock, so it is tested directly.
 * Containers start in dependency order ({@code dependsOn} and {@code links} first, then definition
 * order); a task goes down as soon as its desired status is STOPPED or an essential container stopped.
 */
final class StepPlanner {
    private StepPlanner() {}

    static Step next(TaskRecord task) {
        if (task.known() == TaskStatus.STOPPED) return new Step.Wait();
        if (task.desired() == TaskStatus.STOPPED || task.anyEssentialStopped()) {
            return task.allStopped() ? new Step.MarkStopped() : new Step.StopContainers();
        }
        for (String name : startOrder(task)) {
            ContainerRecord c = task.container(name).orElseThrow();
            switch (c.known()) {
                case NONE, MANIFEST_PULLED -> { return new Step.Pull(name); }
                case PULLED -> { return new Step.Create(name); }
                case CREATED -> { return new Step.Start(name); }
                case RUNNING, RESOURCES_PROVISIONED, STOPPED -> { }
            }
        }
        if (task.known().compareTo(TaskStatus.RUNNING) < 0 && task.everyContainerStartedOrDone()) {
            return new Step.MarkRunning();
        }
        return new Step.Wait();
    }

    /** Container names, each after the containers it depends on or links to. */
    static List<String> startOrder(TaskRecord task) {
        Map<String, AcsContainer> byName = new LinkedHashMap<>();
        for (AcsContainer c : task.definition().containers()) byName.put(c.name(), c);
        List<String> order = new ArrayList<>();
        for (String name : byName.keySet()) visit(name, byName, order, new ArrayList<>());
        return order;
    }

    private static void visit(String name, Map<String, AcsContainer> byName, List<String> order, List<String> path) {
        if (order.contains(name) || path.contains(name) || !byName.containsKey(name)) return;
        path.add(name);
        AcsContainer c = byName.get(name);
        if (c.dependsOn() != null) c.dependsOn().forEach(d -> visit(d.containerName(), byName, order, path));
        if (c.links() != null) c.links().forEach(l -> visit(l.split(":", 2)[0], byName, order, path));
        path.remove(name);
        order.add(name);
    }

    static boolean isUp(ContainerStatus s) {
        return s == ContainerStatus.RUNNING || s == ContainerStatus.RESOURCES_PROVISIONED;
    }
}
