package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Server → agent, well inside a minute apart; the agent answers {@link HeartbeatAckRequest}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeartbeatMessage(Boolean healthy, String messageId) implements AcsMessage {}
