package io.berth.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArnsTest {
    private final Arns arns = Arns.defaults();

    @Test
    void longFormatArns() {
        assertThat(arns.cluster("c")).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/c");
        assertThat(arns.task("c", "abc")).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task/c/abc");
        assertThat(arns.containerInstance("c", "i1")).isEqualTo("arn:aws:ecs:us-east-1:000000000000:container-instance/c/i1");
        assertThat(arns.taskDefinition("web", 3)).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/web:3");
    }

    @Test
    void namesAndIdsFromArns() {
        assertThat(Arns.clusterName("arn:aws:ecs:us-east-1:000000000000:cluster/prod")).isEqualTo("prod");
        assertThat(Arns.clusterName("prod")).isEqualTo("prod");
        assertThat(Arns.resource("arn:aws:ecs:us-east-1:000000000000:task/c/abc", "task")).contains("c/abc");
        assertThat(Arns.resource("arn:aws:ecs:us-east-1:000000000000:task/c/abc", "cluster")).isEmpty();
        assertThat(Arns.lastSegment("arn:aws:ecs:us-east-1:000000000000:task/c/abc")).isEqualTo("abc");
    }

    @Test
    void refusesBadAccounts() {
        assertThatThrownBy(() -> new Arns("us-east-1", "123")).hasMessageContaining("12 digits");
    }
}
