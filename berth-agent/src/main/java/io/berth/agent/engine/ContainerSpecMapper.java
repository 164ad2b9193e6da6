package io.berth.agent.engine;

import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.runtime.ContainerSpec.PortSpec;
import io.berth.model.Labels;
import io.berth.wire.acs.AcsContainer;
import io.berth.wire.acs.AcsTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Turns one container of an ACS task into a {@link ContainerSpec}, the way the ECS agent maps a task
 * definition onto Docker: ECS labels, CPU units as CPU shares (at least 2), memory MiB as a hard limit
 * in bytes, bridge ports published on this host's address, and the Docker-native settings from
 * {@code dockerConfig}. Pure; throws {@link IllegalArgumentException} for settings it cannot honour.
 */
public final class ContainerSpecMapper {
    static final long MIN_CPU_SHARES = 2;
    private static final long MIB = 1024L * 1024L;

    private final String cluster;
    private final String containerInstanceArn;
    private final String hostAddress;

    public ContainerSpecMapper(String cluster, String containerInstanceArn, String hostAddress) {
        this.cluster = cluster;
        this.containerInstanceArn = containerInstanceArn;
        this.hostAddress = hostAddress;
    }

    /**
     * @param dockerNameOf docker name of another container of the same task, for links; null if unknown
     */
    public ContainerSpec map(AcsTask task, AcsContainer c, String dockerName, Function<String, String> dockerNameOf) {
        DockerConfigParser.Config config = DockerConfigParser.config(c.dockerConfig() == null ? null : c.dockerConfig().config());
        DockerConfigParser.Host host = DockerConfigParser.hostConfig(c.dockerConfig() == null ? null : c.dockerConfig().hostConfig());

        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put(Labels.TASK_ARN, task.arn());
        labels.put(Labels.CONTAINER_NAME, c.name());
        labels.put(Labels.CLUSTER, cluster);
        labels.put(Labels.TASK_DEFINITION_FAMILY, nullToEmpty(task.family()));
        labels.put(Labels.TASK_DEFINITION_VERSION, nullToEmpty(task.version()));
        labels.put(Labels.CONTAINER_INSTANCE_ARN, containerInstanceArn);

        String networkMode = networkMode(task, host);
        boolean hostNetwork = "host".equals(networkMode);
        List<PortSpec> ports = new ArrayList<>();
        for (AcsContainer.PortMapping pm : c.portMappings() == null ? List.<AcsContainer.PortMapping>of() : c.portMappings()) {
            if (pm.containerPort() == null) {
                throw new IllegalArgumentException("port ranges are not supported (container " + c.name() + ")");
            }
            int hostPort = hostNetwork ? pm.containerPort() : pm.hostPort() == null ? 0 : pm.hostPort();
            ports.add(new PortSpec(pm.containerPort(), hostPort, protocol(pm.protocol()), hostAddress));
        }

        List<String> links = new ArrayList<>();
        if (!hostNetwork && c.links() != null) {
            for (String link : c.links()) {
                String[] parts = link.split(":", 2);
                String target = dockerNameOf.apply(parts[0]);
                if (target == null) throw new IllegalArgumentException("link to unknown container " + parts[0]);
                links.add(target + ":" + (parts.length == 2 ? parts[1] : parts[0]));
            }
        }

        Long cpuShares = Math.max(MIN_CPU_SHARES, c.cpu() == null ? 0 : c.cpu());
        Long memory = c.memory() == null || c.memory() <= 0 ? null : c.memory() * MIB;
        boolean privileged = Boolean.TRUE.equals(c.privileged()) || Boolean.TRUE.equals(host.privileged());

        return new ContainerSpec(dockerName, c.image(), labels, new HashMap<>(c.environment() == null ? Map.of() : c.environment()),
                c.command(), c.entryPoint(), cpuShares, memory, host.memoryReservation(), networkMode, ports, links,
                config.user(), config.workingDir(), config.hostname(), config.healthCheck(), config.stopSignal(),
                host.ulimits(), privileged, Boolean.TRUE.equals(host.readonlyRootfs()), host.dns(), host.dnsSearch(),
                host.extraHosts(), host.init(), host.shmSize(), host.capAdd(), host.capDrop());
    }

    /** {@code ecs-<family>-<version>-<container>-<random hex>}, restricted to Docker's name characters. */
    public static String dockerName(AcsTask task, String containerName) {
        StringBuilder random = new StringBuilder();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 16; i++) random.append(Character.forDigit(rnd.nextInt(16), 16));
        String raw = "ecs-" + task.family() + "-" + task.version() + "-" + containerName + "-" + random;
        return raw.replaceAll("[^a-zA-Z0-9_.-]", "-");
    }

    private static String networkMode(AcsTask task, DockerConfigParser.Host host) {
        String mode = task.networkMode();
        if (mode == null || mode.isEmpty()) mode = host.networkMode();
        if (mode == null || mode.isEmpty() || mode.equals("default")) return "bridge";
        return switch (mode) {
            case "bridge", "host", "none" -> mode;
            default -> throw new IllegalArgumentException("network mode " + mode + " is not supported by this agent");
        };
    }

    private static String protocol(String p) {
        return p == null || p.isEmpty() ? "tcp" : p.toLowerCase(java.util.Locale.ROOT);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
