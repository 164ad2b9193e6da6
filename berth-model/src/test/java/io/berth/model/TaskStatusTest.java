package io.berth.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The task ladder, pair by pair: forward only, and only along the listed edges. */
class TaskStatusTest {
    private static final Set<TaskStatus> FROM_PENDING_SKIPS = EnumSet.of(TaskStatus.ACTIVATING, TaskStatus.RUNNING,
            TaskStatus.DEACTIVATING, TaskStatus.STOPPING, TaskStatus.DEPROVISIONING, TaskStatus.STOPPED);

    @Test
    void everyPair() {
        for (TaskStatus from : TaskStatus.values()) {
            for (TaskStatus to : TaskStatus.values()) {
                boolean allowed = from.canMoveTo(to);
                if (to.ordinal() <= from.ordinal()) {
                    assertThat(allowed).as("%s -> %s must be refused (not forward)", from, to).isFalse();
                    assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(from.name()).hasMessageContaining(to.name());
                } else {
                    assertThat(allowed).as("%s -> %s is forward and listed", from, to).isTrue();
                    assertThat(from.moveTo(to)).isEqualTo(to);
                }
            }
        }
    }

    @Test
    void stoppedIsTerminalAndEveryStatusCanReachIt() {
        assertThat(TaskStatus.STOPPED.isTerminal()).isTrue();
        for (TaskStatus s : TaskStatus.values()) {
            if (s != TaskStatus.STOPPED) assertThat(s.canMoveTo(TaskStatus.STOPPED)).as("%s -> STOPPED", s).isTrue();
        }
        assertThat(EnumSet.allOf(TaskStatus.class).stream().filter(TaskStatus.PENDING::canMoveTo)).containsExactlyInAnyOrderElementsOf(FROM_PENDING_SKIPS);
    }

    @Test
    void parseNamesTheBadValue() {
        assertThat(TaskStatus.parse("RUNNING")).isEqualTo(TaskStatus.RUNNING);
        assertThatThrownBy(() -> TaskStatus.parse("WALKING")).hasMessageContaining("WALKING");
        assertThatThrownBy(() -> TaskStatus.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
