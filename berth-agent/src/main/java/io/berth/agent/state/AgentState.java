package io.berth.agent.state;

import io.berth.agent.engine.TaskRecord;
import java.util.List;

/**
 * What the agent keeps across restarts ({@code <dataDir>/agent-state.json}): who it is, how far it
 * got in the ACS sequence, every task not yet reported STOPPED, and recently finished task ARNs so a
 * replayed payload does not start a finished task again, and the images it has pulled (so the
 * {@code once} pull behaviour stays once across restarts, as the ECS agent's image state does).
 */
public record AgentState(
        int version,
        String cluster,
        String containerInstanceArn,
        long seqNum,
        List<TaskRecord> tasks,
        List<String> finishedTasks,
        List<String> pulledImages) {
    public static final int CURRENT_VERSION = 1;

    public AgentState {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        finishedTasks = finishedTasks == null ? List.of() : List.copyOf(finishedTasks);
        pulledImages = pulledImages == null ? List.of() : List.copyOf(pulledImages); // absent from files before it existed
    }

    public AgentState(int version, String cluster, String containerInstanceArn, long seqNum, List<TaskRecord> tasks,
            List<String> finishedTasks) {
        this(version, cluster, containerInstanceArn, seqNum, tasks, finishedTasks, List.of());
    }

    public static AgentState empty(String cluster) {
        return new AgentState(CURRENT_VERSION, cluster, null, 1, List.of(), List.of());
    }
}
