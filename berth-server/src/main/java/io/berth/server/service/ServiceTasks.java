package io.berth.server.service;

import io.berth.model.TaskStatus;
import io.berth.model.ecs.Container;
import io.berth.model.ecs.Task;
import java.time.Instant;
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

    /** Went from PENDING straight to STOPPED by itself: what ECS's launch throttle counts. */
    static boolean failedToStart(Task t) {
        return stoppedByItself(t) && t.startedAt() == null;
    }

    /** Stopped by the scheduler because its container health checks failed: a failure, though the scheduler stopped it. */
    static boolean stoppedUnhealthy(Task t) {
        return t.last() == TaskStatus.STOPPED && HEALTH_FAILURE.equals(t.stoppedReason());
    }

    /** Ended badly: stopped by itself, or stopped for failing its health checks. */
    static boolean failed(Task t) {
        return stoppedByItself(t) || stoppedUnhealthy(t);
    }

    /**
     * Proved good for the circuit breaker: reached RUNNING without failing and, when it has
     * health checks, was HEALTHY. A RUNNING task whose health is still UNKNOWN proves nothing yet.
     */
    static boolean succeeded(Task t) {
        return t.startedAt() != null && !failed(t) && (!hasHealthCheck(t) || "HEALTHY".equals(t.healthStatus()));
    }

    /** A failure for the circuit breaker: never reached RUNNING (stage 1), or failed its health checks (stage 2). */
    static boolean failedLaunch(Task t) {
        return failed(t) && (t.startedAt() == null || HEALTH_FAILURE.equals(t.stoppedReason()));
    }

    /** The task as the scheduler asks it to stop: desired STOPPED, stop code ServiceSchedulerInitiated, STOPPING. */
    static Task schedulerStop(Task t, String reason, Instant now) {
        Task.Builder b = t.toBuilder();
        b.desiredStatus = TaskStatus.STOPPED.name();
        b.stopCode = "ServiceSchedulerInitiated";
        b.stoppedReason = reason;
        b.stoppingAt = now;
        if (t.last().canMoveTo(TaskStatus.STOPPING)) b.moveTo(TaskStatus.STOPPING);
        return b.build();
    }

    static final String HEALTH_FAILURE = "Task failed container health checks";
}
