package io.berth.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A container's lifecycle as the agent drives it. Forward only; a container that fails to be pulled
 * or created goes straight to STOPPED. RESOURCES_PROVISIONED and MANIFEST_PULLED are the official
 * agent's internal steps; Berth reports the ECS API's PENDING, RUNNING, STOPPED.
 */
public enum ContainerStatus {
    NONE,
    MANIFEST_PULLED,
    PULLED,
    CREATED,
    RUNNING,
    RESOURCES_PROVISIONED,
    STOPPED;

    private static final Map<ContainerStatus, Set<ContainerStatus>> EDGES = Map.of(
            NONE, EnumSet.of(MANIFEST_PULLED, PULLED, CREATED, RUNNING, STOPPED),
            MANIFEST_PULLED, EnumSet.of(PULLED, CREATED, RUNNING, STOPPED),
            PULLED, EnumSet.of(CREATED, RUNNING, STOPPED),
            CREATED, EnumSet.of(RUNNING, STOPPED),
            RUNNING, EnumSet.of(RESOURCES_PROVISIONED, STOPPED),
            RESOURCES_PROVISIONED, EnumSet.of(STOPPED),
            STOPPED, EnumSet.noneOf(ContainerStatus.class));

    public boolean canMoveTo(ContainerStatus next) {
        return EDGES.get(this).contains(next);
    }

    public ContainerStatus moveTo(ContainerStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("container status cannot move from " + this + " to " + next);
        }
        return next;
    }

    /** The status the ECS API shows for this agent-side status: PENDING, RUNNING or STOPPED. */
    public String apiStatus() {
        return switch (this) {
            case NONE, MANIFEST_PULLED, PULLED, CREATED -> "PENDING";
            case RUNNING, RESOURCES_PROVISIONED -> "RUNNING";
            case STOPPED -> "STOPPED";
        };
    }
}
