package io.berth.scheduler;

import java.time.Instant;
import java.util.Map;

/**
 * One container instance as placement sees it. Implementations are read on the placing thread only
 * and must not change while one {@link Placer#place} call runs (the server's committer runs one
 * command at a time, so its live view is stable for the call; tests and benchmarks use records).
 * Everything a request adds itself is kept apart in a {@link Tally}.
 */
public interface Candidate {
    String arn();

    String ec2InstanceId();

    /** ACTIVE, DRAINING or INACTIVE. */
    String status();

    boolean agentConnected();

    /** The agent's version such as {@code 1.105.1}, or null when unknown. */
    String agentVersion();

    Instant registeredAt();

    /** The attribute's value, "" for a name without a value, null when the instance lacks it. */
    String attribute(String name);

    /** The physical machine the instance runs on; host-network ports are shared across it. */
    String machine();

    int cpuFree();

    int memoryFree();

    int gpuFree();

    /** Whether a fixed host port is free here for a task of the given network mode. */
    boolean portFree(Protocol protocol, int port, boolean hostNetwork);

    int runningTasks();

    /** Non-stopped tasks of each task group on this instance (groups with none are absent). */
    Map<String, Integer> groups();

    default int groupCount(String group) {
        return groups().getOrDefault(group, 0);
    }

    enum Protocol { TCP, UDP }
}
