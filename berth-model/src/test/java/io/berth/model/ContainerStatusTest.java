package io.berth.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container ladder, pair by pair, and how agent-side statuses show in the ECS API. */
class ContainerStatusTest {
    /** The allowed edges, written out: forward only; RESOURCES_PROVISIONED only after RUNNING. */
    private static boolean expected(ContainerStatus from, ContainerStatus to) {
        if (to.ordinal() <= from.ordinal()) return false;
        if (to == ContainerStatus.RESOURCES_PROVISIONED) return from == ContainerStatus.RUNNING;
        return true;
    }

    @Test
    void everyPair() {
        for (ContainerStatus from : ContainerStatus.values()) {
            for (ContainerStatus to : ContainerStatus.values()) {
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(expected(from, to));
                if (!expected(from, to)) assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(IllegalStateException.class);
                else assertThat(from.moveTo(to)).isEqualTo(to);
            }
        }
    }

    @Test
    void failedPullGoesStraightToStopped() {
        assertThat(ContainerStatus.NONE.moveTo(ContainerStatus.STOPPED)).isEqualTo(ContainerStatus.STOPPED);
    }

    @Test
    void apiStatuses() {
        Map<ContainerStatus, String> expected = Map.of(ContainerStatus.NONE, "PENDING", ContainerStatus.MANIFEST_PULLED, "PENDING",
                ContainerStatus.PULLED, "PENDING", ContainerStatus.CREATED, "PENDING", ContainerStatus.RUNNING, "RUNNING",
                ContainerStatus.RESOURCES_PROVISIONED, "RUNNING", ContainerStatus.STOPPED, "STOPPED");
        expected.forEach((s, api) -> assertThat(s.apiStatus()).as("%s", s).isEqualTo(api));
    }
}
