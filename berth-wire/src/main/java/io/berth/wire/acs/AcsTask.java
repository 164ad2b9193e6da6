package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A task as the ACS payload carries it: the whole definition plus the desired status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AcsTask(
        String arn,
        String taskClusterArn,
        String family,
        String version,
        String desiredStatus,
        String taskDefinitionAccountId,
        String networkMode,
        String launchType,
        String serviceName,
        String group,
        String overrides,
        Double cpu,
        Integer memory,
        String pidMode,
        String ipcMode,
        List<JsonNode> volumes,
        IamRoleCredentials roleCredentials,
        IamRoleCredentials executionRoleCredentials,
        List<AcsContainer> containers) {}
