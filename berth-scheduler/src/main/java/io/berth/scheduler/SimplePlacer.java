package io.berth.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The foundation's placement: keep the instances the task fits on (agent connected, CPU, memory,
 * fixed host ports), then take the one running the fewest tasks, ties broken by ARN. Pure: it
 * reads the candidates and returns a decision; the caller commits it. Each placed copy is counted
 * against its instance before the next copy is placed.
 */
public final class SimplePlacer {
    private SimplePlacer() {}

    public static Placement place(List<Candidate> candidates, TaskDemand demand, int count) {
        if (candidates.isEmpty()) {
            return new Placement(List.of(), List.of(new Placement.Failure(null, "No Container Instances were found in your cluster.", null)));
        }
        Map<String, int[]> used = new HashMap<>(); // arn -> {cpu, memory, tasks}
        List<String> placed = new ArrayList<>();
        Map<String, String> lastReasons = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Candidate best = null;
            int bestTasks = Integer.MAX_VALUE;
            lastReasons.clear();
            for (Candidate c : candidates) {
                int[] u = used.getOrDefault(c.instanceArn(), new int[3]);
                String veto = veto(c, demand, u);
                if (veto != null) {
                    lastReasons.put(c.instanceArn(), veto);
                    continue;
                }
                int tasks = c.taskCount() + u[2];
                if (best == null || tasks < bestTasks || (tasks == bestTasks && c.instanceArn().compareTo(best.instanceArn()) < 0)) {
                    best = c;
                    bestTasks = tasks;
                }
            }
            if (best == null) break;
            int[] u = used.computeIfAbsent(best.instanceArn(), k -> new int[3]);
            u[0] += demand.cpu();
            u[1] += demand.memory();
            u[2] += 1;
            placed.add(best.instanceArn());
        }
        List<Placement.Failure> failures = new ArrayList<>();
        if (placed.size() < count) {
            lastReasons.forEach((arn, reason) -> failures.add(new Placement.Failure(arn, reason, null)));
        }
        return new Placement(placed, failures);
    }

    private static String veto(Candidate c, TaskDemand d, int[] used) {
        if (!c.active()) return "INACTIVE";
        if (!c.agentConnected()) return "AGENT";
        if (c.cpuFree() - used[0] < d.cpu()) return "RESOURCE:CPU";
        if (c.memoryFree() - used[1] < d.memory()) return "RESOURCE:MEMORY";
        boolean samePortsTaken = used[2] > 0 && (!d.tcpPorts().isEmpty() || !d.udpPorts().isEmpty());
        if (samePortsTaken) return "RESOURCE:PORTS";
        for (int p : d.tcpPorts()) if (!c.tcpPortFree().test(p)) return "RESOURCE:PORTS";
        for (int p : d.udpPorts()) if (!c.udpPortFree().test(p)) return "RESOURCE:PORTS";
        return null;
    }
}
