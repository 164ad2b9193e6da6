package io.berth.wire.tcs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * Agent → server on the TCS websocket: the Docker health of containers that have a health check,
 * per task. Shape per the TCS model (shared/reference/ecs-agent-tcs-api-2.json); timestamps are epoch
 * seconds, as AWS JSON protocols write them. The agent sends one whenever a container's health changes
 * (that task only) and, every metrics interval, one with every task that has health checks.
 *
 * @param timestamp when the agent built the message, epoch seconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PublishHealthRequest(Metadata metadata, List<TaskHealth> tasks, BigDecimal timestamp) {
    public static final String TYPE = "PublishHealthRequest";

    public PublishHealthRequest {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** @param fin true on the last message of a series (Berth sends each as one message) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(String cluster, String containerInstance, String messageId, Boolean fin) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskHealth(String taskArn, String clusterArn, String taskDefinitionFamily,
            String taskDefinitionVersion, List<ContainerHealth> containers) {
        public TaskHealth {
            containers = containers == null ? List.of() : List.copyOf(containers);
        }
    }

    /**
     * @param healthStatus HEALTHY, UNHEALTHY or UNKNOWN (Docker's "starting", or not yet started)
     * @param statusSince when the container entered this status, epoch seconds
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerHealth(String containerName, String healthStatus, BigDecimal statusSince,
            String statusMessage) {}
}
