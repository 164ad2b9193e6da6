package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Server → agent: of the stop candidates, these are to be stopped. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskStopVerificationAck(String messageId, Long generatedAt, List<TaskIdentifier> stopTasks)
        implements AcsMessage {}
