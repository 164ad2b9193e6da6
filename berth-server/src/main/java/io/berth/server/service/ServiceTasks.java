package io.berth.server.service;

import io.berth.model.TaskStatus;
import io.berth.model.ecs.Container;
import io.berth.model.ecs.Task;
import java.util.Set;

/** How the service scheduler classifies a task. */
final class ServiceTasks {
    /** Stop codes of stops the scheduler or a user asked for: those are not failures. */
    private static final Set<String> ASKED = Set.of("ServiceSchedulerInitiated", "UserInitiated");

    private ServiceTasks() {}

    /** Counts against maximumPercent: RUNNING, PENDING or STOPPING — anything not yet STOPPED. */
    static boolean occupying(Task t) {
        return t.last() != TaskStatus.STOPPED;
    }

    /** Meant to keep running: desired RUNNING and not stopped. */
    static boolean live(Task t) {
        return occupying(t) && t.desired() == TaskStatus.RUNNING;
    }

    static boolean hasHealthCheck(Task t) {
        return t.containers().stream().map(Container::healthStatus).anyMatch(h -> h != null);
    }

    /** RUNNING and, when the task has container health checks, HEALTHY: counts towards minimumHealthyPercent. */
    static boolean healthy(Task t) {
        if (!live(t) || t.last() != TaskStatus.RUNNING) return false;
        return !hasHealthCheck(t) || "HEALTHY".equals(t.healthStatus());
    }

    static boolean unhealthy(Task t) {
        return live(t) && t.last() == TaskStatus.RUNNING && "UNHEALTHY".equals(t.healthStatus());
    }

    /** Stopped by itself (not by the scheduler or a user). */
    static boolean stoppedByItself(Task t) {
        return t.last() == TaskStatus.STOPPED && (t.stopCode() == null || !ASKED.contains(t.stopCode()));
    }

    /** A launch failure for the circuit breaker: never reached RUNNING, or stopped for failing health checks. */
    static boolean failedLaunch(Task t) {
        return stoppedByItself(t) && (t.startedAt() == null || HEALTH_FAILURE.equals(t.stoppedReason()));
    }

    static final String HEALTH_FAILURE = "Task failed container health checks";
}
