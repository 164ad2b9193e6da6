package io.berth.agent.testing;

import io.berth.wire.acs.AcsContainer;
import io.berth.wire.acs.AcsContainer.ContainerDependency;
import java.util.List;

/** Variations on a fixture container: dependencies, timeouts, health checks. */
public final class ContainerDefs {
    private ContainerDefs() {}

    public static ContainerDependency on(String container, String condition) {
        return new ContainerDependency(container, condition);
    }

    public static AcsContainer dependsOn(AcsContainer c, ContainerDependency... deps) {
        return copy(c, List.of(deps), c.startTimeout(), c.healthCheckType(), c.dockerConfig());
    }

    public static AcsContainer startTimeout(AcsContainer c, int seconds) {
        return copy(c, c.dependsOn(), seconds, c.healthCheckType(), c.dockerConfig());
    }

    /**
     * A Docker health check as the server sends it: {@code healthCheckType} "docker" and Docker's
     * {@code Healthcheck} in {@code dockerConfig.config}, durations in nanoseconds.
     */
    public static AcsContainer healthCheck(AcsContainer c, String shellCommand, long intervalMillis, int retries) {
        String test = "[\"CMD-SHELL\"," + quote(shellCommand) + "]";
        String config = "{\"Healthcheck\":{\"Test\":" + test + ",\"Interval\":" + intervalMillis * 1_000_000L
                + ",\"Timeout\":2000000000,\"Retries\":" + retries + ",\"StartPeriod\":0}}";
        AcsContainer.DockerConfig dc = new AcsContainer.DockerConfig("1.17", config,
                c.dockerConfig() == null ? null : c.dockerConfig().hostConfig());
        return copy(c, c.dependsOn(), c.startTimeout(), "docker", dc);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static AcsContainer copy(AcsContainer c, List<ContainerDependency> deps, Integer startTimeout,
            String healthCheckType, AcsContainer.DockerConfig dockerConfig) {
        return new AcsContainer(c.name(), c.containerArn(), c.image(), c.command(), c.entryPoint(), c.cpu(), c.memory(),
                c.essential(), c.environment(), c.portMappings(), c.links(), dockerConfig, deps, startTimeout,
                c.stopTimeout(), healthCheckType, c.mountPoints(), c.volumesFrom(), c.registryAuthentication(),
                c.secrets(), c.privileged(), c.linuxParameters(), c.overrides());
    }
}
