package io.berth.server.ecs;

import io.berth.model.Arns;
import io.berth.server.state.Committer;
import io.berth.server.state.State;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * What ECS operations need: the state to read, the committer to write through, ARN formats, the
 * clock, whether an instance's agent is connected now, and the endpoints agents are told to use.
 */
public record EcsContext(
        State state,
        Committer committer,
        Arns arns,
        Clock clock,
        Predicate<String> agentConnected,
        java.util.function.Supplier<String> baseUrl) {

    /** Where agents open ACS (they append /ws). */
    public String pollEndpoint() {
        return baseUrl.get() + "/acs";
    }

    /** Where agents open TCS (they append /ws). */
    public String telemetryEndpoint() {
        return baseUrl.get() + "/tcs";
    }
}
