package io.berth.server.state;

import io.berth.model.TaskStatus;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Task;
import io.berth.scheduler.TaskDemand;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What tasks take from instances and clusters, derived from the tasks themselves and kept in memory
 * only: CPU, memory, GPUs, fixed host ports, running/pending counts and live tasks per task group.
 * Every task write passes through {@link #account} with the old and new version, so the figures
 * never drift from the tasks.
 *
 * <p>Host ports are tracked per machine address: a bridge-mode port binds on the instance's own
 * loopback address, a host-mode port binds on every address of the machine, so local hosts sharing
 * one machine never hand out the same port twice. Written by the committer thread only; read by any.
 */
public final class Usage {
    /** Per-instance totals. */
    public record InstanceUse(int cpu, int memory, int gpu, int running, int pending) {
        static final InstanceUse ZERO = new InstanceUse(0, 0, 0, 0, 0);

        InstanceUse plus(int sign, int c, int m, int g, int r, int p) {
            return new InstanceUse(cpu + sign * c, memory + sign * m, gpu + sign * g, running + sign * r, pending + sign * p);
        }
    }

    private final Map<String, InstanceUse> instances = new ConcurrentHashMap<>();
    private final Map<String, int[]> clusters = new ConcurrentHashMap<>(); // {running, pending}
    private final Map<String, PortSet> ports = new ConcurrentHashMap<>(); // domain -> ports
    private final Map<String, Map<String, Integer>> groups = new ConcurrentHashMap<>(); // instance -> task group -> live tasks

    public InstanceUse of(String instanceArn) {
        return instances.getOrDefault(instanceArn, InstanceUse.ZERO);
    }

    /** Live (not STOPPED) tasks per task group on the instance, for spread, distinctInstance and task:group. */
    public Map<String, Integer> groupsOn(String instanceArn) {
        Map<String, Integer> g = groups.get(instanceArn);
        return g == null ? Map.of() : java.util.Collections.unmodifiableMap(g);
    }

    public int clusterRunning(String clusterArn) {
        return clusters.getOrDefault(clusterArn, new int[2])[0];
    }

    public int clusterPending(String clusterArn) {
        return clusters.getOrDefault(clusterArn, new int[2])[1];
    }

    /** Whether a fixed host port is free for a task of the given network mode on {@code instance}. */
    public boolean portFree(ContainerInstance instance, String protocol, int port, boolean hostNetwork) {
        String machine = machineOf(instance);
        if (hostNetwork) return !ports(domain("any", machine, protocol)).contains(port);
        return !ports(domain("inst", instance.containerInstanceArn(), protocol)).contains(port)
                && !ports(domain("host", machine, protocol)).contains(port);
    }

    /** Replaces {@code before} by {@code after} (either may be null) in the totals. */
    void account(Task before, Task after, TaskLookup lookup) {
        if (before != null) apply(before, -1, lookup);
        if (after != null) apply(after, +1, lookup);
    }

    private void apply(Task t, int sign, TaskLookup lookup) {
        TaskStatus last = t.last();
        boolean running = last == TaskStatus.RUNNING;
        boolean pending = last.compareTo(TaskStatus.RUNNING) < 0;
        int[] c = clusters.computeIfAbsent(t.clusterArn(), k -> new int[2]);
        c[0] += sign * (running ? 1 : 0);
        c[1] += sign * (pending ? 1 : 0);
        if (t.containerInstanceArn() == null || last == TaskStatus.STOPPED) return;
        TaskDemand d = lookup.demand(t);
        instances.merge(t.containerInstanceArn(), InstanceUse.ZERO.plus(sign, d.cpu(), d.memory(), d.gpu(), running ? 1 : 0, pending ? 1 : 0),
                (a, b) -> a.plus(1, b.cpu(), b.memory(), b.gpu(), b.running(), b.pending()));
        if (t.group() != null) {
            groups.computeIfAbsent(t.containerInstanceArn(), k -> new ConcurrentHashMap<>())
                    .merge(t.group(), sign, (a, b) -> a + b == 0 ? null : a + b);
        }
        if (d.tcpPorts().isEmpty() && d.udpPorts().isEmpty()) return;
        ContainerInstance inst = lookup.instance(t.containerInstanceArn());
        String machine = inst == null ? t.containerInstanceArn() : machineOf(inst);
        for (int p : d.tcpPorts()) claim(t.containerInstanceArn(), machine, "tcp", p, d.hostNetwork(), sign);
        for (int p : d.udpPorts()) claim(t.containerInstanceArn(), machine, "udp", p, d.hostNetwork(), sign);
    }

    private void claim(String instanceArn, String machine, String protocol, int port, boolean hostNetwork, int sign) {
        ports.computeIfAbsent(domain("inst", instanceArn, protocol), k -> new PortSet()).add(port, sign);
        ports.computeIfAbsent(domain("any", machine, protocol), k -> new PortSet()).add(port, sign);
        if (hostNetwork) ports.computeIfAbsent(domain("host", machine, protocol), k -> new PortSet()).add(port, sign);
    }

    /** Fixed host ports the instance's tasks hold, for remainingResources. */
    public java.util.Set<Integer> portsHeld(String instanceArn, String protocol) {
        return ports(domain("inst", instanceArn, protocol)).snapshot();
    }

    private PortSet ports(String domain) {
        return ports.getOrDefault(domain, PortSet.EMPTY);
    }

    private static String domain(String kind, String id, String protocol) {
        return kind + "|" + protocol + "|" + id;
    }

    static String machineOf(ContainerInstance instance) {
        return instance.attribute(MACHINE_ATTRIBUTE).orElse(instance.containerInstanceArn());
    }

    /** The attribute naming the physical machine a local host runs on. */
    public static final String MACHINE_ATTRIBUTE = "berth.machine-id";

    /** How accounting finds a task's demand and instance. */
    interface TaskLookup {
        TaskDemand demand(Task task);

        ContainerInstance instance(String arn);
    }

    /** A multiset of ports. */
    private static final class PortSet {
        static final PortSet EMPTY = new PortSet();
        private final Map<Integer, Integer> counts = new ConcurrentHashMap<>();

        void add(int port, int sign) {
            counts.merge(port, sign, (a, b) -> a + b == 0 ? null : a + b);
        }

        boolean contains(int port) {
            return counts.containsKey(port);
        }

        java.util.Set<Integer> snapshot() {
            return java.util.Set.copyOf(counts.keySet());
        }
    }
}
