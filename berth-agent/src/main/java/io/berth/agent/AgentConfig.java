package io.berth.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one agent runs. Build with {@link #builder}, or read the ECS agent's environment variables
 * with {@link #fromEnvironment()}.
 *
 * @param endpoint the control plane's API endpoint, e.g. {@code http://127.0.0.1:4566}
 * @param hostAddress the loopback address this host owns; bridge ports bind on it
 * @param cpu declared CPU units (1024 per core)
 * @param introspectionPort port of the introspection endpoint on {@code hostAddress}; 0 picks a free
 *     port, negative disables it
 * @param heartbeatTimeout drop and reopen the ACS connection when nothing arrived for this long
 * @param maxConnectionAge reopen ACS and TCS connections after about this long, like the ECS agent
 * @param taskCleanupWait how long a stopped task's containers stay after the server heard it stopped
 * @param startTimeout how long {@link BerthAgent#start()} tries to register and connect
 * @param containerStartTimeout how long a container may run without meeting a COMPLETE, SUCCESS or
 *     HEALTHY {@code dependsOn} condition on it when its definition sets no {@code startTimeout}
 * @param imagePullBehavior when task images are pulled ({@code ECS_IMAGE_PULL_BEHAVIOR}); Berth's default is
 *     prefer-cached, not ECS's default, because hosts run without internet access and test images exist only locally
 */
public record AgentConfig(
        URI endpoint,
        String cluster,
        String hostAddress,
        int cpu,
        int memoryMiB,
        List<Integer> reservedPorts,
        Map<String, String> attributes,
        Path dataDir,
        URI dockerHost,
        String accessKeyId,
        String secretAccessKey,
        String region,
        Duration containerStopTimeout,
        Duration heartbeatTimeout,
        Duration maxConnectionAge,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration metricsInterval,
        int introspectionPort,
        Duration taskCleanupWait,
        Duration startTimeout,
        Duration containerStartTimeout,
        io.berth.agent.engine.PullBehavior imagePullBehavior) {

    public static final List<Integer> DEFAULT_RESERVED_PORTS = List.of(22, 2375, 2376, 51678, 51679);
    public static final URI DEFAULT_DOCKER_HOST = URI.create("unix:///var/run/docker.sock");
    public static final int DEFAULT_INTROSPECTION_PORT = 51678;

    public AgentConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        if (cluster == null || cluster.isBlank()) throw new IllegalArgumentException("cluster is blank");
        if (hostAddress == null || hostAddress.isBlank()) throw new IllegalArgumentException("hostAddress is blank");
        if (cpu <= 0 || memoryMiB <= 0) throw new IllegalArgumentException("cpu and memoryMiB must be positive");
        Objects.requireNonNull(dataDir, "dataDir");
        reservedPorts = List.copyOf(reservedPorts == null ? DEFAULT_RESERVED_PORTS : reservedPorts);
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        if (dockerHost == null) dockerHost = DEFAULT_DOCKER_HOST;
        if (accessKeyId == null || accessKeyId.isEmpty()) accessKeyId = "berth";
        if (secretAccessKey == null || secretAccessKey.isEmpty()) secretAccessKey = "berth";
        if (region == null || region.isEmpty()) region = "us-east-1";
        if (containerStopTimeout == null) containerStopTimeout = Duration.ofSeconds(30);
        if (heartbeatTimeout == null) heartbeatTimeout = Duration.ofMinutes(1);
        if (maxConnectionAge == null) maxConnectionAge = Duration.ofMinutes(30);
        if (reconnectMin == null) reconnectMin = Duration.ofMillis(250);
        if (reconnectMax == null) reconnectMax = Duration.ofSeconds(5);
        if (metricsInterval == null) metricsInterval = Duration.ofSeconds(20);
        if (taskCleanupWait == null) taskCleanupWait = Duration.ofMinutes(10);
        if (startTimeout == null) startTimeout = Duration.ofMinutes(2);
        if (containerStartTimeout == null) containerStartTimeout = Duration.ofMinutes(3);
        if (imagePullBehavior == null) imagePullBehavior = io.berth.agent.engine.PullBehavior.PREFER_CACHED;
    }

    public static Builder builder(URI endpoint, String cluster, String hostAddress, Path dataDir) {
        return new Builder(endpoint, cluster, hostAddress, dataDir);
    }

    /** Reads {@link System#getenv()}; see {@link #fromEnvironment(Map)}. */
    public static AgentConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The ECS agent's variables where one exists: {@code ECS_BACKEND_HOST} (required), {@code ECS_CLUSTER}
     * (default {@code default}), {@code ECS_DATADIR} (default {@code /var/lib/ecs/data}),
     * {@code ECS_RESERVED_PORTS} (JSON array), {@code ECS_INSTANCE_ATTRIBUTES} (JSON object),
     * {@code ECS_CONTAINER_STOP_TIMEOUT} and {@code ECS_CONTAINER_START_TIMEOUT} (Go durations like
     * {@code 30s}, {@code 3m}), {@code DOCKER_HOST},
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_REGION}/{@code AWS_DEFAULT_REGION},
     * {@code ECS_IMAGE_PULL_BEHAVIOR} (default, always, once, prefer-cached).
     * Berth's own: {@code BERTH_HOST_ADDRESS} (default 127.0.0.1), {@code BERTH_CPU}, {@code BERTH_MEMORY_MIB}
     * (default: this machine's), {@code BERTH_INTROSPECTION_PORT}.
     */
    public static AgentConfig fromEnvironment(Map<String, String> env) {
        String backend = env.get("ECS_BACKEND_HOST");
        if (backend == null || backend.isBlank()) throw new IllegalArgumentException("ECS_BACKEND_HOST is not set");
        ObjectMapper json = new ObjectMapper();
        Builder b = builder(URI.create(backend.strip()), env.getOrDefault("ECS_CLUSTER", "default"),
                env.getOrDefault("BERTH_HOST_ADDRESS", "127.0.0.1"), Path.of(env.getOrDefault("ECS_DATADIR", "/var/lib/ecs/data")));
        try {
            if (env.containsKey("ECS_RESERVED_PORTS")) {
                b.reservedPorts(json.readValue(env.get("ECS_RESERVED_PORTS"), new TypeReference<List<Integer>>() {}));
            }
            if (env.containsKey("ECS_INSTANCE_ATTRIBUTES")) {
                b.attributes(json.readValue(env.get("ECS_INSTANCE_ATTRIBUTES"), new TypeReference<Map<String, String>>() {}));
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("ECS_RESERVED_PORTS / ECS_INSTANCE_ATTRIBUTES must be JSON: " + e.getMessage());
        }
        if (env.containsKey("ECS_CONTAINER_STOP_TIMEOUT")) b.containerStopTimeout(goDuration(env.get("ECS_CONTAINER_STOP_TIMEOUT")));
        if (env.containsKey("ECS_CONTAINER_START_TIMEOUT")) b.containerStartTimeout(goDuration(env.get("ECS_CONTAINER_START_TIMEOUT")));
        if (env.containsKey("DOCKER_HOST")) b.dockerHost(URI.create(env.get("DOCKER_HOST")));
        b.credentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"));
        b.region(env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION")));
        if (env.containsKey("BERTH_CPU")) b.cpu(Integer.parseInt(env.get("BERTH_CPU")));
        if (env.containsKey("BERTH_MEMORY_MIB")) b.memoryMiB(Integer.parseInt(env.get("BERTH_MEMORY_MIB")));
        if (env.containsKey("ECS_IMAGE_PULL_BEHAVIOR")) b.imagePullBehavior(io.berth.agent.engine.PullBehavior.parse(env.get("ECS_IMAGE_PULL_BEHAVIOR")));
        if (env.containsKey("BERTH_INTROSPECTION_PORT")) b.introspectionPort(Integer.parseInt(env.get("BERTH_INTROSPECTION_PORT")));
        return b.build();
    }

    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    /** A Go duration string such as {@code 30s}, {@code 1m30s} or {@code 500ms}. */
    static Duration goDuration(String s) {
        String text = s.strip();
        Matcher m = GO_DURATION_PART.matcher(text);
        double nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) break;
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        if (end != text.length() || text.isEmpty()) throw new IllegalArgumentException("not a duration: " + s);
        return Duration.ofNanos((long) nanos);
    }

    public static final class Builder {
        private final URI endpoint;
        private final String cluster;
        private final String hostAddress;
        private final Path dataDir;
        private int cpu = Runtime.getRuntime().availableProcessors() * 1024;
        private int memoryMiB = machineMemoryMiB();
        private List<Integer> reservedPorts = DEFAULT_RESERVED_PORTS;
        private Map<String, String> attributes = Map.of();
        private URI dockerHost = DEFAULT_DOCKER_HOST;
        private String accessKeyId = System.getenv("AWS_ACCESS_KEY_ID");
        private String secretAccessKey = System.getenv("AWS_SECRET_ACCESS_KEY");
        private String region;
        private Duration containerStopTimeout;
        private Duration heartbeatTimeout;
        private Duration maxConnectionAge;
        private Duration reconnectMin;
        private Duration reconnectMax;
        private Duration metricsInterval;
        private int introspectionPort = DEFAULT_INTROSPECTION_PORT;
        private Duration taskCleanupWait;
        private Duration startTimeout;
        private Duration containerStartTimeout;
        private io.berth.agent.engine.PullBehavior imagePullBehavior;

        private Builder(URI endpoint, String cluster, String hostAddress, Path dataDir) {
            this.endpoint = endpoint;
            this.cluster = cluster;
            this.hostAddress = hostAddress;
            this.dataDir = dataDir;
        }

        public Builder cpu(int v) { cpu = v; return this; }
        public Builder memoryMiB(int v) { memoryMiB = v; return this; }
        public Builder reservedPorts(List<Integer> v) { reservedPorts = v; return this; }
        public Builder attributes(Map<String, String> v) { attributes = v; return this; }
        public Builder dockerHost(URI v) { dockerHost = v; return this; }
        public Builder credentials(String keyId, String secret) { accessKeyId = keyId; secretAccessKey = secret; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder containerStopTimeout(Duration v) { containerStopTimeout = v; return this; }
        public Builder heartbeatTimeout(Duration v) { heartbeatTimeout = v; return this; }
        public Builder maxConnectionAge(Duration v) { maxConnectionAge = v; return this; }
        public Builder reconnectBackoff(Duration min, Duration max) { reconnectMin = min; reconnectMax = max; return this; }
        public Builder metricsInterval(Duration v) { metricsInterval = v; return this; }
        public Builder introspectionPort(int v) { introspectionPort = v; return this; }
        public Builder taskCleanupWait(Duration v) { taskCleanupWait = v; return this; }
        public Builder startTimeout(Duration v) { startTimeout = v; return this; }
        public Builder containerStartTimeout(Duration v) { containerStartTimeout = v; return this; }
        public Builder imagePullBehavior(io.berth.agent.engine.PullBehavior v) { imagePullBehavior = v; return this; }

        public AgentConfig build() {
            return new AgentConfig(endpoint, cluster, hostAddress, cpu, memoryMiB, reservedPorts, attributes, dataDir,
                    dockerHost, accessKeyId, secretAccessKey, region, containerStopTimeout, heartbeatTimeout,
                    maxConnectionAge, reconnectMin, reconnectMax, metricsInterval, introspectionPort, taskCleanupWait,
                    startTimeout, containerStartTimeout, imagePullBehavior);
        }

        private static int machineMemoryMiB() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return (int) Math.max(1, os.getTotalMemorySize() / (1024 * 1024));
            }
            return 1024;
        }
    }
}
