package io.berth.scheduler.testing;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.TaskDemand;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A container instance for tests and benchmarks whose use changes as {@link SimCluster} commits tasks. */
public final class Host implements Candidate {
    final String arn;
    final String machine;
    final Map<String, String> attributes = new HashMap<>();
    final Map<String, Integer> groups = new HashMap<>();
    final Set<Long> ports = new HashSet<>();
    final int cpuTotal, memoryTotal, gpuTotal;
    int cpuUsed, memoryUsed, gpuUsed, running, pending;
    String status = "ACTIVE";
    boolean connected = true;
    String agentVersion = "1.105.1";
    Instant registeredAt = Instant.parse("2026-01-01T00:00:00Z");

    public Host(String arn, String machine, int cpu, int memory, int gpu) {
        this.arn = arn;
        this.machine = machine;
        this.cpuTotal = cpu;
        this.memoryTotal = memory;
        this.gpuTotal = gpu;
    }

    public Host attr(String name, String value) {
        attributes.put(name, value);
        return this;
    }

    public Host status(String s) {
        status = s;
        return this;
    }

    public Host connected(boolean c) {
        connected = c;
        return this;
    }

    public Host agentVersion(String v) {
        agentVersion = v;
        return this;
    }

    public Host registeredAt(Instant t) {
        registeredAt = t;
        return this;
    }

    /** Records a new (PENDING) task as a committer would. */
    void take(TaskDemand d, String group) {
        cpuUsed += d.cpu();
        memoryUsed += d.memory();
        gpuUsed += d.gpu();
        pending++;
        groups.merge(group, 1, Integer::sum);
        for (int p : d.tcpPorts()) ports.add(key(Protocol.TCP, p, d.hostNetwork()));
        for (int p : d.udpPorts()) ports.add(key(Protocol.UDP, p, d.hostNetwork()));
    }

    /** The agent reports every pending task RUNNING. */
    void start() {
        running += pending;
        pending = 0;
    }

    static long key(Protocol p, int port, boolean host) {
        return ((long) p.ordinal() << 40) | ((host ? 1L : 0L) << 32) | port;
    }

    @Override public String arn() { return arn; }
    @Override public String ec2InstanceId() { return "i-" + arn.substring(arn.lastIndexOf('/') + 1); }
    @Override public String status() { return status; }
    @Override public boolean agentConnected() { return connected; }
    @Override public String agentVersion() { return agentVersion; }
    @Override public Instant registeredAt() { return registeredAt; }
    @Override public String attribute(String name) { return attributes.get(name); }
    @Override public String machine() { return machine; }
    @Override public int cpuFree() { return cpuTotal - cpuUsed; }
    @Override public int memoryFree() { return memoryTotal - memoryUsed; }
    @Override public int gpuFree() { return gpuTotal - gpuUsed; }
    @Override public int runningTasks() { return running; }
    @Override public Map<String, Integer> groups() { return groups; }

    /** Port checks over this host only; {@link SimCluster} adds the machine-wide host-network view. */
    SimCluster cluster;

    @Override
    public boolean portFree(Protocol p, int port, boolean hostNetwork) {
        return cluster.portFree(this, p, port, hostNetwork);
    }

    public int cpuUsed() { return cpuUsed; }
    public int memoryUsed() { return memoryUsed; }
    public int gpuUsed() { return gpuUsed; }
    public int cpuTotal() { return cpuTotal; }
    public int memoryTotal() { return memoryTotal; }
    public int gpuTotal() { return gpuTotal; }
}
