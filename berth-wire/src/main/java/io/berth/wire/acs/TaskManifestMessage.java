package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Server → agent: every task the server believes the instance should know. The agent acks it and
 * answers {@link TaskStopVerificationMessage} listing the tasks it runs that the manifest lacks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskManifestMessage(
        String messageId,
        String clusterArn,
        String containerInstanceArn,
        Long generatedAt,
        Long timeline,
        List<TaskIdentifier> tasks) implements AcsMessage {}
