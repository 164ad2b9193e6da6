package io.berth.wire.acs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Agent → server: the message with {@code messageId} was received and taken in hand. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AckRequest(String cluster, String containerInstance, String messageId) implements AcsMessage {}
