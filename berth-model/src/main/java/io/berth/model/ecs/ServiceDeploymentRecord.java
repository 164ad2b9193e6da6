package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The history of one service deployment, kept after the deployment has left the service's
 * {@code deployments} list, for DescribeServiceDeployments and ListServiceDeployments.
 *
 * @param deploymentId   the service's deployment id (ecs-svc/...)
 * @param status         the ServiceDeploymentStatus: IN_PROGRESS, SUCCESSFUL, STOPPED, ROLLBACK_IN_PROGRESS, ...
 * @param sourceRevisions revisions running when the deployment started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceDeploymentRecord(String serviceDeploymentArn, String serviceArn, String clusterArn, String deploymentId,
                                      String targetRevisionArn, List<String> sourceRevisions, Instant createdAt, Instant startedAt,
                                      Instant finishedAt, Instant stoppedAt, Instant updatedAt, String status, String statusReason,
                                      JsonNode deploymentConfiguration, String rollbackReason, Instant rollbackStartedAt,
                                      String rollbackRevisionArn) {

    public ServiceDeploymentRecord {
        sourceRevisions = sourceRevisions == null ? List.of() : List.copyOf(sourceRevisions);
    }

    public ServiceDeploymentRecord withStatus(String s, String reason, Instant now, boolean finished) {
        return new ServiceDeploymentRecord(serviceDeploymentArn, serviceArn, clusterArn, deploymentId, targetRevisionArn, sourceRevisions,
                createdAt, startedAt, finished ? now : finishedAt, "STOPPED".equals(s) ? now : stoppedAt, now, s, reason,
                deploymentConfiguration, rollbackReason, rollbackStartedAt, rollbackRevisionArn);
    }

    public ServiceDeploymentRecord withRollback(String reason, Instant at, String revisionArn) {
        return new ServiceDeploymentRecord(serviceDeploymentArn, serviceArn, clusterArn, deploymentId, targetRevisionArn, sourceRevisions,
                createdAt, startedAt, finishedAt, stoppedAt, at, status, statusReason, deploymentConfiguration, reason, at, revisionArn);
    }
}
