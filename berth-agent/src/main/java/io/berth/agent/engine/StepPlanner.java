package io.berth.agent.engine;

import io.berth.model.ContainerStatus;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a task's next step from its record and the time: no I/O, so it is tested directly.
 * Containers start in dependency order ({@code dependsOn} and {@code links} first, then definition
 * order); one whose conditions do not hold yet is skipped (its image may still be pulled) and the
 * others go on. A task goes down as soon as its desired status is STOPPED or an essential container
 * stopped, dependents before the containers they depend on.
 */
final class StepPlanner {
    /** ECS_CONTAINER_START_TIMEOUT's default on Linux. */
    static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(3);

    private StepPlanner() {}

    static Step next(TaskRecord task) {
        return next(task, System.currentTimeMillis(), DEFAULT_START_TIMEOUT);
    }

    /**
     * @param now epoch millis, for {@code startTimeout}s
     * @param defaultStartTimeout for dependencies without their own {@code startTimeout}
     */
    static Step next(TaskRecord task, long now, Duration defaultStartTimeout) {
        if (task.known() == TaskStatus.STOPPED) return new Step.Wait();
        if (task.desired() == TaskStatus.STOPPED || task.anyEssentialStopped()) {
            return task.allStopped() ? new Step.MarkStopped() : new Step.StopContainers(stopWave(task));
        }
        long wakeAt = Long.MAX_VALUE;
        for (String name : startOrder(task)) {
            ContainerRecord c = task.container(name).orElseThrow();
            if (c.known() == ContainerStatus.NONE || c.known() == ContainerStatus.MANIFEST_PULLED) return new Step.Pull(name);
            if (c.known() != ContainerStatus.PULLED && c.known() != ContainerStatus.CREATED) continue;
            switch (DependencyCheck.check(task, name, now, defaultStartTimeout)) {
                case DependencyCheck.Ready r -> {
                    return c.known() == ContainerStatus.PULLED ? new Step.Create(name) : new Step.Start(name);
                }
                case DependencyCheck.Failed f -> {
                    return new Step.DependencyFailed(name, f.reason());
                }
                case DependencyCheck.Waiting w -> wakeAt = Math.min(wakeAt, w.wakeAt());
            }
        }
        if (task.known().compareTo(TaskStatus.RUNNING) < 0 && task.everyContainerStartedOrDone()) {
            return new Step.MarkRunning();
        }
        return new Step.Wait(wakeAt);
    }

    /**
     * Containers to stop now: not stopped, and no container that is not stopped depends on them. If a
     * cycle leaves none, all of them, so a task always gets down.
     */
    static List<String> stopWave(TaskRecord task) {
        List<String> wave = new ArrayList<>();
        List<ContainerRecord> remaining = task.containers().stream().filter(c -> !c.isStopped()).toList();
        for (ContainerRecord c : remaining) {
            boolean neededByRunningDependent = remaining.stream().anyMatch(other -> !other.name().equals(c.name())
                    && task.definitionOf(other.name()).map(d -> dependsOn(d, c.name())).orElse(false));
            if (!neededByRunningDependent) wave.add(c.name());
        }
        return wave.isEmpty() ? remaining.stream().map(ContainerRecord::name).toList() : wave;
    }

    private static boolean dependsOn(AcsContainer def, String name) {
        return DependencyCheck.conditions(def).stream().anyMatch(d -> name.equals(d.containerName()));
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
        DependencyCheck.conditions(c).forEach(d -> visit(d.containerName(), byName, order, path));
        path.remove(name);
        order.add(name);
    }

    static boolean isUp(ContainerStatus s) {
        return s == ContainerStatus.RUNNING || s == ContainerStatus.RESOURCES_PROVISIONED;
    }
}
