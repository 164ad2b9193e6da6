package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A container as the ACS payload carries it. Settings that Docker takes directly (user, working
 * directory, labels, memory reservation, ulimits, ...) travel inside {@link DockerConfig} as Docker
 * Engine API JSON, as the ECS backend sends them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AcsContainer(
        String name,
        String containerArn,
        String image,
        List<String> command,
        List<String> entryPoint,
        Integer cpu,
        Integer memory,
        Boolean essential,
        Map<String, String> environment,
        List<PortMapping> portMappings,
        List<String> links,
        DockerConfig dockerConfig,
        List<ContainerDependency> dependsOn,
        Integer startTimeout,
        Integer stopTimeout,
        String healthCheckType,
        List<JsonNode> mountPoints,
        List<JsonNode> volumesFrom,
        JsonNode registryAuthentication,
        List<JsonNode> secrets,
        Boolean privileged,
        JsonNode linuxParameters,
        String overrides) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PortMapping(Integer containerPort, Integer hostPort, String containerPortRange, String protocol) {}

    /** Docker Engine API fragments, each a JSON string: container Config and HostConfig. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DockerConfig(String version, String config, String hostConfig) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerDependency(String containerName, String condition) {}
}
