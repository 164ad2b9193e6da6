package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Agent → server: tasks running here that the last manifest did not list; may they be stopped? */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskStopVerificationMessage(String messageId, List<TaskIdentifier> stopCandidates)
        implements AcsMessage {}
