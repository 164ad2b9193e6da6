package io.berth.agent.runtime;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to create one container, independent of any engine's API types. Built from an
 * ACS task by {@link io.berth.agent.engine.ContainerSpecMapper}. Nullable fields mean "engine default".
 *
 * @param cpuShares relative CPU weight (Docker CpuShares), null for the default
 * @param memoryBytes hard limit, null for none
 * @param networkMode {@code bridge}, {@code host}, {@code none} or null for the engine default
 */
public record ContainerSpec(
        String name,
        String image,
        Map<String, String> labels,
        Map<String, String> env,
        List<String> command,
        List<String> entryPoint,
        Long cpuShares,
        Long memoryBytes,
        Long memoryReservationBytes,
        String networkMode,
        List<PortSpec> ports,
        List<String> links,
        String user,
        String workingDir,
        String hostname,
        HealthCheck healthCheck,
        String stopSignal,
        List<Ulimit> ulimits,
        boolean privileged,
        boolean readonlyRootfs,
        List<String> dns,
        List<String> dnsSearch,
        List<String> extraHosts,
        Boolean init,
        Long shmSize,
        List<String> capAdd,
        List<String> capDrop) {

    public ContainerSpec {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        env = env == null ? Map.of() : Map.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        links = links == null ? List.of() : List.copyOf(links);
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    }

    /**
     * A port to publish. {@code hostPort} 0 means "any free port"; {@code hostIp} is where it binds.
     * In host network mode ports are not published, only recorded.
     */
    public record PortSpec(int containerPort, int hostPort, String protocol, String hostIp) {}

    /** Docker's Healthcheck; durations in nanoseconds as Docker takes them. */
    public record HealthCheck(List<String> test, Long intervalNanos, Long timeoutNanos, Integer retries,
            Long startPeriodNanos) {}

    public record Ulimit(String name, long soft, long hard) {}
}
