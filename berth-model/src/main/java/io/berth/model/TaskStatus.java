package io.berth.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The ECS task lifecycle, in order. A task's known status only moves forward, and only along the
 * edges {@link #canMoveTo} lists: each status may go to the next one, and a few skips are allowed
 * (a task that fails before it runs goes straight to STOPPED; an agent that reports a task stopped
 * skips the stopping steps it never saw).
 */
public enum TaskStatus {
    PROVISIONING,
    PENDING,
    ACTIVATING,
    RUNNING,
    DEACTIVATING,
    STOPPING,
    DEPROVISIONING,
    STOPPED;

    private static final Map<TaskStatus, Set<TaskStatus>> EDGES = Map.of(
            PROVISIONING, EnumSet.of(PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED),
            PENDING, EnumSet.of(ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED),
            ACTIVATING, EnumSet.of(RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED),
            RUNNING, EnumSet.of(DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED),
            DEACTIVATING, EnumSet.of(STOPPING, DEPROVISIONING, STOPPED),
            STOPPING, EnumSet.of(DEPROVISIONING, STOPPED),
            DEPROVISIONING, EnumSet.of(STOPPED),
            STOPPED, EnumSet.noneOf(TaskStatus.class));

    /** Whether a task whose known status is this one may be recorded as {@code next}. */
    public boolean canMoveTo(TaskStatus next) {
        return EDGES.get(this).contains(next);
    }

    /** The known status after {@code next}, refusing backward or unlisted moves. */
    public TaskStatus moveTo(TaskStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("task status cannot move from " + this + " to " + next);
        }
        return next;
    }

    public boolean isTerminal() {
        return this == STOPPED;
    }

    /** Whether the task is past RUNNING on its way down. */
    public boolean isStoppingOrStopped() {
        return compareTo(DEACTIVATING) >= 0;
    }

    /** Desired statuses a task can have: RUNNING or STOPPED (PENDING only before placement). */
    public static TaskStatus parse(String s) {
        try {
            return valueOf(s);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown task status: " + s);
        }
    }
}
