package io.berth.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.scheduler.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placement-failure events in the words of ECS's service event messages (troubleshooting guide). */
class PlacementMessagesTest {
    private static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/0123abcd";
    private static final String HEAD = "(service web) was unable to place a task because no container instance met all of its requirements.";

    private static String message(String reason) {
        return PlacementMessages.unableToPlace("web", List.of(new Placement.Failure(INSTANCE, reason, null)));
    }

    @Test
    void closestInstanceAndWhyItWasRejected() {
        assertThat(message("RESOURCE:MEMORY")).startsWith(HEAD + " The closest matching (container-instance 0123abcd) has insufficient memory available.");
        assertThat(message("RESOURCE:CPU")).contains("(container-instance 0123abcd) has insufficient CPU units available.");
        assertThat(message("AGENT")).contains("(container-instance 0123abcd) encountered error \"AGENT\".");
        assertThat(message("MemberOf")).contains("(container-instance 0123abcd) is missing an attribute required by your task.");
    }

    @Test
    void noInstancesGivesTheReason() {
        String m = PlacementMessages.unableToPlace("web", List.of(new Placement.Failure(null, Placement.NO_INSTANCES, null)));
        assertThat(m).isEqualTo(HEAD + " Reason: No Container Instances were found in your cluster.");
    }
}
