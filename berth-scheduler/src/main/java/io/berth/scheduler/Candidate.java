package io.berth.scheduler;

import java.util.function.IntPredicate;

/**
 * One container instance as placement sees it: what is left of it and which host ports a task of
 * the demand's network mode could still bind there.
 *
 * @param tcpPortFree whether a fixed TCP host port is free for this task on this instance
 */
public record Candidate(
        String instanceArn,
        boolean active,
        boolean agentConnected,
        int cpuFree,
        int memoryFree,
        IntPredicate tcpPortFree,
        IntPredicate udpPortFree,
        int taskCount) {}
