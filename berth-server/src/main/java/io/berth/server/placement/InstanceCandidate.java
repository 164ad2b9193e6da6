package io.berth.server.placement;

import io.berth.model.ecs.Attribute;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Resource;
import io.berth.scheduler.Candidate;
import io.berth.server.state.Usage;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stored container instance as the placement engine sees it: registered resources less what
 * {@link Usage} says its tasks take. It reads {@code Usage} live, which is safe because placement
 * runs inside the committer, where nothing else writes while {@code place} runs.
 */
public final class InstanceCandidate implements Candidate {
    private final ContainerInstance instance;
    private final Usage usage;
    private final java.util.function.Predicate<String> agentConnected;
    private Boolean connected;
    private int registeredCpu = -1; // read from the record once: a batch of ten placements visits a candidate up to ten times
    private int registeredMemory = -1;
    private Usage.InstanceUse use; // looked up on first use: sampling placement reads few of a large cluster's candidates
    private Set<Integer> reservedTcp;
    private Set<Integer> reservedUdp;

    public InstanceCandidate(ContainerInstance instance, Usage usage, boolean connected) {
        this(instance, usage, arn -> connected);
    }

    /** @param agentConnected asked (once at most) whether this instance's agent is connected */
    public InstanceCandidate(ContainerInstance instance, Usage usage, java.util.function.Predicate<String> agentConnected) {
        this.instance = instance;
        this.usage = usage;
        this.agentConnected = agentConnected;
    }

    private Usage.InstanceUse use() {
        if (use == null) use = usage.of(instance.containerInstanceArn());
        return use;
    }

    public ContainerInstance instance() {
        return instance;
    }

    @Override public String arn() { return instance.containerInstanceArn(); }
    @Override public String ec2InstanceId() { return instance.ec2InstanceId(); }
    @Override public String status() { return instance.status(); }
    @Override
    public boolean agentConnected() {
        if (connected == null) connected = agentConnected.test(arn());
        return connected;
    }
    @Override public Instant registeredAt() { return instance.registeredAt(); }
    @Override
    public int cpuFree() {
        if (registeredCpu < 0) registeredCpu = instance.registeredInt("CPU");
        return registeredCpu - use().cpu();
    }
    @Override
    public int memoryFree() {
        if (registeredMemory < 0) registeredMemory = instance.registeredInt("MEMORY");
        return registeredMemory - use().memory();
    }
    @Override public int runningTasks() { return use().running(); }
    @Override public Map<String, Integer> groups() { return usage.groupsOn(arn()); }

    @Override
    public String agentVersion() {
        return instance.versionInfo() == null ? null : instance.versionInfo().agentVersion();
    }

    @Override
    public String attribute(String name) {
        for (Attribute a : instance.attributes()) {
            if (a.name().equals(name)) return a.value() == null ? "" : a.value();
        }
        return null;
    }

    @Override
    public String machine() {
        String m = attribute(Usage.MACHINE_ATTRIBUTE);
        return m == null ? arn() : m;
    }

    /** The agent registers GPUs as a string set of device IDs; a plain count is taken as well. */
    @Override
    public int gpuFree() {
        int total = instance.resource("GPU")
                .map(r -> r.stringSetValue() != null && !r.stringSetValue().isEmpty() ? r.stringSetValue().size()
                        : r.integerValue() == null ? 0 : r.integerValue())
                .orElse(0);
        return total - use().gpu();
    }

    @Override
    public boolean portFree(Protocol p, int port, boolean hostNetwork) {
        if (reservedTcp == null) {
            reservedTcp = reserved("PORTS");
            reservedUdp = reserved("PORTS_UDP");
        }
        if ((p == Protocol.TCP ? reservedTcp : reservedUdp).contains(port)) return false;
        return usage.portFree(instance, p == Protocol.TCP ? "tcp" : "udp", port, hostNetwork);
    }

    private Set<Integer> reserved(String name) {
        Set<Integer> out = new HashSet<>();
        List<String> values = instance.resource(name).map(Resource::stringSetValue).orElse(List.of());
        for (String v : values == null ? List.<String>of() : values) {
            try {
                out.add(Integer.parseInt(v.trim()));
            } catch (NumberFormatException ignored) {
                // a reserved "port" that is not a number reserves nothing
            }
        }
        return out;
    }
}
