package io.berth.scheduler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the copies placed so far by one request take, kept apart from the view so the view stays
 * untouched: CPU, memory, GPUs, tasks per group and host ports per instance, plus host-network
 * ports per machine (a host-mode task binds every address of its machine, as {@code Usage} in the
 * server tracks it). Owned by one {@link Placer#place} call.
 */
public final class Tally {
    private static final Map<String, Integer> NO_GROUPS = Map.of();
    // made on the first copy: most calls place one copy and never read them
    private Map<String, Delta> instances;
    private Map<String, Set<Long>> machinePorts; // machine -> any claim
    private Map<String, Set<Long>> machineHostPorts; // machine -> host-mode claims
    private int placed;

    private static final class Delta {
        int cpu, memory, gpu, tasks;
        final Map<String, Integer> groups = new HashMap<>();
        final Set<Long> ports = new HashSet<>();
    }

    /** Counts one more copy on {@code c}. */
    public void add(Candidate c, TaskDemand d, String group) {
        if (instances == null) {
            instances = new HashMap<>();
            machinePorts = new HashMap<>();
            machineHostPorts = new HashMap<>();
        }
        Delta x = instances.computeIfAbsent(c.arn(), k -> new Delta());
        x.cpu += d.cpu();
        x.memory += d.memory();
        x.gpu += d.gpu();
        x.tasks++;
        x.groups.merge(group, 1, Integer::sum);
        claim(c, x, Candidate.Protocol.TCP, d.tcpPorts(), d.hostNetwork());
        claim(c, x, Candidate.Protocol.UDP, d.udpPorts(), d.hostNetwork());
        placed++;
    }

    private void claim(Candidate c, Delta x, Candidate.Protocol p, java.util.List<Integer> ports, boolean host) {
        for (int port : ports) {
            long key = key(p, port);
            x.ports.add(key);
            machinePorts.computeIfAbsent(c.machine(), k -> new HashSet<>()).add(key);
            if (host) machineHostPorts.computeIfAbsent(c.machine(), k -> new HashSet<>()).add(key);
        }
    }

    /** Whether a copy placed earlier by this request holds the port where {@code c} would bind it. */
    public boolean portTaken(Candidate c, Candidate.Protocol p, int port, boolean hostNetwork) {
        if (placed == 0) return false;
        long key = key(p, port);
        if (hostNetwork) return machinePorts.getOrDefault(c.machine(), Set.of()).contains(key);
        Delta x = instances.get(c.arn());
        return (x != null && x.ports.contains(key)) || machineHostPorts.getOrDefault(c.machine(), Set.of()).contains(key);
    }

    private static long key(Candidate.Protocol p, int port) {
        return ((long) p.ordinal() << 32) | (port & 0xffffffffL);
    }

    public int placed() {
        return placed;
    }

    public int cpu(String arn) {
        Delta x = placed == 0 ? null : instances.get(arn);
        return x == null ? 0 : x.cpu;
    }

    public int memory(String arn) {
        Delta x = placed == 0 ? null : instances.get(arn);
        return x == null ? 0 : x.memory;
    }

    public int gpu(String arn) {
        Delta x = placed == 0 ? null : instances.get(arn);
        return x == null ? 0 : x.gpu;
    }

    public int tasks(String arn) {
        Delta x = placed == 0 ? null : instances.get(arn);
        return x == null ? 0 : x.tasks;
    }

    public Map<String, Integer> groups(String arn) {
        Delta x = placed == 0 ? null : instances.get(arn);
        return x == null ? NO_GROUPS : x.groups;
    }

    /** Tasks of {@code group} on the instance, counting the view's and this request's. */
    public int groupCount(Candidate c, String group) {
        return c.groupCount(group) + groups(c.arn()).getOrDefault(group, 0);
    }
}
