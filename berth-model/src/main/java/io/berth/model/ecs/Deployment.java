package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One deployment of a service: which task definition it runs and how its rollout went. Running,
 * pending and failed counts are derived from the tasks when the service is described.
 *
 * @param status       PRIMARY (the newest), ACTIVE (older ones still draining), INACTIVE (done)
 * @param rolloutState IN_PROGRESS, COMPLETED or FAILED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Deployment(String id, String status, String taskDefinition, int desiredCount, Instant createdAt,
                         Instant updatedAt, String launchType, String rolloutState, String rolloutStateReason) {

    /** A new PRIMARY deployment whose rollout is IN_PROGRESS. */
    public static Deployment start(String id, String taskDefinition, int desiredCount, String launchType, String reason, Instant now) {
        return new Deployment(id, "PRIMARY", taskDefinition, desiredCount, now, now, launchType, "IN_PROGRESS", reason);
    }

    public Deployment withStatus(String s, Instant now) {
        return new Deployment(id, s, taskDefinition, desiredCount, createdAt, now, launchType, rolloutState, rolloutStateReason);
    }

    public Deployment withRollout(String state, String reason, Instant now) {
        return new Deployment(id, status, taskDefinition, desiredCount, createdAt, now, launchType, state, reason);
    }

    public Deployment withDesired(int n, Instant now) {
        return new Deployment(id, status, taskDefinition, n, createdAt, now, launchType, rolloutState, rolloutStateReason);
    }

    public boolean primary() {
        return "PRIMARY".equals(status);
    }
}
