package io.berth.agent.engine;

import io.berth.agent.runtime.HealthStatus;
import io.berth.wire.acs.AcsContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a container may be created and started now, given its {@code dependsOn} conditions (and
 * its {@code links}, which need the linked container started), the way the ECS agent resolves them:
 * <ul>
 *   <li>START: the dependency has started (it may have exited since);
 *   <li>COMPLETE: it exited, with any code; SUCCESS: it exited with 0;
 *   <li>HEALTHY: its Docker health check said healthy.
 * </ul>
 * A condition that can no longer hold fails at once (SUCCESS after a non-zero exit; HEALTHY after
 * the dependency exited or went unhealthy, or when it has no health check; anything on a dependency
 * that stopped without ever starting). COMPLETE, SUCCESS and HEALTHY also fail when the dependency
 * has been running longer than its {@code startTimeout} (or the agent's default) without meeting them.
 * Pure: the clock comes in as {@code now}.
 */
final class DependencyCheck {
    private DependencyCheck() {}

    sealed interface Verdict {}

    /** Every condition holds. */
    record Ready() implements Verdict {}

    /** Not yet; look again when a message arrives or at {@code wakeAt} (epoch millis, MAX for never). */
    record Waiting(long wakeAt) implements Verdict {}

    /** A condition can never hold; {@code reason} is ECS's text for it. */
    record Failed(String reason) implements Verdict {}

    static Verdict check(TaskRecord task, String target, long now, Duration defaultStartTimeout) {
        AcsContainer def = task.definitionOf(target).orElseThrow();
        if (inCycle(task, target, target, new HashSet<>())) {
            return new Failed(prefix() + "container [" + target + "] is part of a dependency cycle.");
        }
        boolean waiting = false;
        long wakeAt = Long.MAX_VALUE;
        for (AcsContainer.ContainerDependency d : conditions(def)) {
            var found = task.container(d.containerName());
            if (found.isEmpty()) {
                return new Failed(prefix() + "container ordering dependency [" + d.containerName() + "] for target ["
                        + target + "] does not exist.");
            }
            ContainerRecord dep = found.get();
            String condition = d.condition() == null ? "START" : d.condition().toUpperCase(Locale.ROOT);
            String never = cannotHold(dep, condition);
            if (never != null) {
                return new Failed(prefix() + "failed to resolve the container ordering dependency [" + dep.name()
                        + "] for target [" + target + "] " + never);
            }
            if (holds(dep, condition)) continue;
            waiting = true;
            if (!condition.equals("START") && dep.startedAt() != null && !dep.isStopped()) {
                long deadline = dep.startedAt() + startTimeout(task, dep.name(), defaultStartTimeout).toMillis();
                if (now >= deadline) {
                    return new Failed(prefix() + "container ordering dependency [" + dep.name() + "] for target ["
                            + target + "] has timed out.");
                }
                wakeAt = Math.min(wakeAt, deadline);
            }
        }
        return waiting ? new Waiting(wakeAt) : new Ready();
    }

    /** Whether {@code target} can be reached again from {@code from}'s dependencies. */
    private static boolean inCycle(TaskRecord task, String target, String from, Set<String> seen) {
        AcsContainer def = task.definitionOf(from).orElse(null);
        if (def == null || !seen.add(from)) return false;
        for (AcsContainer.ContainerDependency d : conditions(def)) {
            if (target.equals(d.containerName()) || inCycle(task, target, d.containerName(), seen)) return true;
        }
        return false;
    }

    /** {@code dependsOn}, plus START on every linked container. */
    static List<AcsContainer.ContainerDependency> conditions(AcsContainer def) {
        List<AcsContainer.ContainerDependency> out = new ArrayList<>();
        if (def.dependsOn() != null) out.addAll(def.dependsOn());
        if (def.links() != null) {
            for (String link : def.links()) {
                String name = link.split(":", 2)[0];
                if (out.stream().noneMatch(d -> name.equals(d.containerName()))) {
                    out.add(new AcsContainer.ContainerDependency(name, "START"));
                }
            }
        }
        return out;
    }

    private static boolean holds(ContainerRecord dep, String condition) {
        return switch (condition) {
            case "START" -> dep.everStarted();
            case "COMPLETE" -> dep.isStopped() && dep.exitCode() != null;
            case "SUCCESS" -> dep.isStopped() && Integer.valueOf(0).equals(dep.exitCode());
            case "HEALTHY" -> dep.health() == HealthStatus.HEALTHY;
            default -> false;
        };
    }

    /** Why the condition can never hold, or null while it still may. */
    private static String cannotHold(ContainerRecord dep, String condition) {
        if (!holds(dep, condition) && dep.isStopped() && !dep.everStarted()) return "as dependency never started.";
        return switch (condition) {
            case "START", "COMPLETE" -> null;
            case "SUCCESS" -> dep.isStopped() && !holds(dep, condition) ? "as dependency did not exit successfully." : null;
            case "HEALTHY" -> {
                if (holds(dep, condition)) yield null;
                if (dep.health() == null) yield "as dependency has no health check.";
                if (dep.isStopped()) yield "as dependency exited before it was healthy.";
                yield dep.health() == HealthStatus.UNHEALTHY ? "as dependency is unhealthy." : null;
            }
            default -> "as condition " + condition + " is unknown.";
        };
    }

    /** The dependency's own {@code startTimeout} in seconds, else the agent's default. */
    private static Duration startTimeout(TaskRecord task, String dependency, Duration defaultStartTimeout) {
        Integer seconds = task.definitionOf(dependency).map(AcsContainer::startTimeout).orElse(null);
        return seconds != null && seconds > 0 ? Duration.ofSeconds(seconds) : defaultStartTimeout;
    }

    /** ECS's container reason for these failures starts so (CannotStartContainerError is added by the actor). */
    private static String prefix() {
        return "dependency graph: ";
    }
}
