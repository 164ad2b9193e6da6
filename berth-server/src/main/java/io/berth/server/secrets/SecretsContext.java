package io.berth.server.secrets;

import io.berth.server.state.Committer;
import io.berth.server.state.State;
import java.time.Clock;

/** What the Secrets Manager operations need: state to read, the committer to write through, ARNs, the clock. */
public record SecretsContext(State state, Committer committer, SecretArns arns, Clock clock) {}
