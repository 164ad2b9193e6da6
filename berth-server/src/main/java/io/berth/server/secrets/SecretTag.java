package io.berth.server.secrets;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A tag on a secret, in Secrets Manager's wire form ({@code Key}, {@code Value}). */
public record SecretTag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {}
