package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    @Test
    void readsTheEcsAgentVariables() {
        AgentConfig c = AgentConfig.fromEnvironment(Map.of(
                "ECS_BACKEND_HOST", "http://127.0.0.1:4566",
                "ECS_CLUSTER", "prod",
                "ECS_DATADIR", "/tmp/berth-a",
                "ECS_RESERVED_PORTS", "[22, 8080]",
                "ECS_INSTANCE_ATTRIBUTES", "{\"stack\":\"blue\"}",
                "ECS_CONTAINER_STOP_TIMEOUT", "1m30s",
                "BERTH_HOST_ADDRESS", "127.0.0.7",
                "BERTH_CPU", "4096",
                "BERTH_MEMORY_MIB", "8192",
                "AWS_REGION", "eu-west-1"));

        assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(c.cluster()).isEqualTo("prod");
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/berth-a"));
        assertThat(c.reservedPorts()).containsExactly(22, 8080);
        assertThat(c.attributes()).containsExactly(Map.entry("stack", "blue"));
        assertThat(c.containerStopTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.hostAddress()).isEqualTo("127.0.0.7");
        assertThat(c.cpu()).isEqualTo(4096);
        assertThat(c.memoryMiB()).isEqualTo(8192);
        assertThat(c.region()).isEqualTo("eu-west-1");
    }

    @Test
    void defaultsFollowTheEcsAgent() {
        AgentConfig c = AgentConfig.fromEnvironment(Map.of("ECS_BACKEND_HOST", "http://127.0.0.1:4566"));

        assertThat(c.cluster()).isEqualTo("default");
        assertThat(c.reservedPorts()).isEqualTo(List.of(22, 2375, 2376, 51678, 51679));
        assertThat(c.containerStopTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.introspectionPort()).isEqualTo(51678);
        assertThat(c.dockerHost()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
    }

    @Test
    void goDurations() {
        assertThat(AgentConfig.goDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(AgentConfig.goDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> AgentConfig.goDuration("30")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backendHostIsRequired() {
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(Map.of())).hasMessageContaining("ECS_BACKEND_HOST");
    }
}
