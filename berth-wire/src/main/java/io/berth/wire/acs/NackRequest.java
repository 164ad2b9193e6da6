package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Agent → server: the message with {@code messageId} could not be handled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NackRequest(String cluster, String containerInstance, String messageId, String reason)
        implements AcsMessage {}
