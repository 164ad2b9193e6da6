package io.berth.agent.state;

import io.berth.agent.engine.TaskRecord;
import java.util.List;

/**
 * What the agent keeps across restarts ({@code <dataDir>/agent-state.json}): who it is, how far it
 * got in the ACS sequence, every task not yet reported STOPPED, and recently finished task ARNs so a
 * replayed payload does not start a finished task again.
 */
public record AgentState(
        int version,
        String cluster,
        String containerInstanceArn,
        long seqNum,
        List<TaskRecord> tasks,
        List<String> finishedTasks) {
    public static final int CURRENT_VERSION = 1;

    public AgentState {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        finishedTasks = finishedTasks == null ? List.of() : List.copyOf(finishedTasks);
    }

    public static AgentState empty(String cluster) {
        return new AgentState(CURRENT_VERSION, cluster, null, 1, List.of(), List.of());
    }
}
