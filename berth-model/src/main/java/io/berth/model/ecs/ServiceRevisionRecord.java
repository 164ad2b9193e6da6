package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** What one deployment of a service runs: its task definition and images, for DescribeServiceRevisions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceRevisionRecord(String serviceRevisionArn, String serviceArn, String clusterArn, String taskDefinition,
                                    String launchType, List<ContainerImage> containerImages, Instant createdAt) {
    public record ContainerImage(String containerName, String image) {}
}
