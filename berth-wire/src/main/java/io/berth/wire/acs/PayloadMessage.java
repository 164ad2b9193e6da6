package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Server → agent: tasks to run or stop. The agent answers {@link AckRequest} with the same messageId. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PayloadMessage(
        String messageId,
        String clusterArn,
        String containerInstanceArn,
        Long generatedAt,
        Integer seqNum,
        Long timeline,
        List<AcsTask> tasks) implements AcsMessage {}
