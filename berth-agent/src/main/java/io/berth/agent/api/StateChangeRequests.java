package io.berth.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.agent.engine.ContainerRecord;
import io.berth.agent.engine.StateChange;
import io.berth.agent.engine.TaskRecord;
import io.berth.agent.runtime.NetworkBinding;
import io.berth.model.TaskStatus;
import java.math.BigDecimal;

/** Bodies of SubmitTaskStateChange and SubmitContainerStateChange, as the ECS agent sends them. */
public final class StateChangeRequests {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StateChangeRequests() {}

    public static String operation(StateChange change) {
        return switch (change) {
            case StateChange.TaskChanged t -> "SubmitTaskStateChange";
            case StateChange.ContainerChanged c -> "SubmitContainerStateChange";
        };
    }

    public static ObjectNode body(String cluster, StateChange change) {
        return switch (change) {
            case StateChange.TaskChanged t -> task(cluster, t.task());
            case StateChange.ContainerChanged c -> container(cluster, c.task(), c.containerName());
        };
    }

    static ObjectNode task(String cluster, TaskRecord task) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("cluster", cluster);
        body.put("task", task.arn());
        body.put("status", apiStatus(task.known()));
        body.put("reason", task.reason() == null ? "" : task.reason());
        ArrayNode containers = body.putArray("containers");
        for (ContainerRecord c : task.containers()) {
            ObjectNode o = containers.addObject();
            o.put("containerName", c.name());
            if (c.dockerId() != null) o.put("runtimeId", c.dockerId());
            o.put("status", c.known().apiStatus());
            if (c.exitCode() != null) o.put("exitCode", c.exitCode());
            if (c.reason() != null) o.put("reason", c.reason());
            if (!c.bindings().isEmpty()) bindings(o.putArray("networkBindings"), c);
        }
        if (task.pullStartedAt() != null) body.put("pullStartedAt", seconds(task.pullStartedAt()));
        if (task.pullStoppedAt() != null) body.put("pullStoppedAt", seconds(task.pullStoppedAt()));
        if (task.known() == TaskStatus.STOPPED && task.executionStoppedAt() != null) {
            body.put("executionStoppedAt", seconds(task.executionStoppedAt()));
        }
        return body;
    }

    static ObjectNode container(String cluster, TaskRecord task, String containerName) {
        ContainerRecord c = task.container(containerName).orElseThrow();
        ObjectNode body = MAPPER.createObjectNode();
        body.put("cluster", cluster);
        body.put("task", task.arn());
        body.put("containerName", c.name());
        if (c.dockerId() != null) body.put("runtimeId", c.dockerId());
        body.put("status", c.known().apiStatus());
        if (c.exitCode() != null) body.put("exitCode", c.exitCode());
        if (c.reason() != null) body.put("reason", c.reason());
        if (!c.bindings().isEmpty()) bindings(body.putArray("networkBindings"), c);
        return body;
    }

    private static void bindings(ArrayNode out, ContainerRecord c) {
        for (NetworkBinding b : c.bindings()) {
            out.addObject().put("bindIP", b.bindIP()).put("containerPort", b.containerPort())
                    .put("hostPort", b.hostPort()).put("protocol", b.protocol());
        }
    }

    /** ECS shows PENDING, RUNNING or STOPPED; the agent-side steps in between map onto those. */
    static String apiStatus(TaskStatus s) {
        if (s == TaskStatus.STOPPED) return "STOPPED";
        return s.compareTo(TaskStatus.RUNNING) >= 0 ? "RUNNING" : "PENDING";
    }

    private static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }
}
