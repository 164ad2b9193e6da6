package io.berth.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How staging labels move between versions. */
class VersionsTest {
    private static SecretVersion v(String id, String... stages) {
        return new SecretVersion(id, "value-" + id, null, List.of(stages), Instant.EPOCH);
    }

    private static List<String> stagesOf(List<SecretVersion> versions, String id) {
        return versions.stream().filter(x -> x.versionId().equals(id)).findFirst().orElseThrow().stages();
    }

    @Test
    void currentMovesAndTheOldCurrentBecomesPrevious() {
        List<SecretVersion> one = Versions.add(List.of(), v("a", "AWSCURRENT"));
        List<SecretVersion> two = Versions.add(one, v("b", "AWSCURRENT"));
        assertThat(stagesOf(two, "a")).containsExactly("AWSPREVIOUS");
        assertThat(stagesOf(two, "b")).containsExactly("AWSCURRENT");
        List<SecretVersion> three = Versions.add(two, v("c", "AWSCURRENT"));
        assertThat(stagesOf(three, "a")).isEmpty();
        assertThat(stagesOf(three, "b")).containsExactly("AWSPREVIOUS");
        assertThat(stagesOf(three, "c")).containsExactly("AWSCURRENT");
    }

    @Test
    void otherLabelsMoveAloneAndLeaveCurrentWhereItIs() {
        List<SecretVersion> vs = Versions.add(List.of(v("a", "AWSCURRENT", "blue")), v("b", "blue"));
        assertThat(stagesOf(vs, "a")).containsExactly("AWSCURRENT");
        assertThat(stagesOf(vs, "b")).containsExactly("blue");
    }

    @Test
    void deprecatedVersionsArePrunedOldestFirstBeyondTheLimit() {
        List<SecretVersion> vs = new ArrayList<>();
        for (int i = 0; i < Versions.MAX_VERSIONS + 5; i++) vs = Versions.add(vs, v("v" + i, "AWSCURRENT"));
        assertThat(vs).hasSize(Versions.MAX_VERSIONS);
        assertThat(vs.get(0).versionId()).isEqualTo("v5");
        assertThat(stagesOf(vs, "v" + (Versions.MAX_VERSIONS + 4))).containsExactly("AWSCURRENT");
        assertThat(stagesOf(vs, "v" + (Versions.MAX_VERSIONS + 3))).containsExactly("AWSPREVIOUS");
    }
}
