package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Container;
import io.berth.model.ecs.NetworkBinding;
import io.berth.model.ecs.Task;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import io.berth.server.state.Keys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The calls agents make: DiscoverPollEndpoint and the state-change submissions. A report that
 * would move a task backward (a late retry) is acknowledged and ignored, so agents may resend.
 */
final class AgentOps implements Ops {
    static final String ESSENTIAL_EXITED = "Essential container in task exited";
    private final EcsContext ctx;

    AgentOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("DiscoverPollEndpoint", (in, r) -> Json.object()
                .put("endpoint", ctx.pollEndpoint())
                .put("telemetryEndpoint", ctx.telemetryEndpoint())
                .put("serviceConnectEndpoint", ctx.pollEndpoint())
                .put("systemLogsEndpoint", ctx.pollEndpoint()));
        ops.put("SubmitTaskStateChange", (in, r) -> {
            submitTask(in);
            return Json.object().put("acknowledgment", "ACK");
        });
        ops.put("SubmitContainerStateChange", (in, r) -> {
            ObjectNode change = Json.object();
            for (String m : List.of("containerName", "runtimeId", "status", "exitCode", "reason", "networkBindings")) {
                if (in.has(m)) change.set(m, in.get(m));
            }
            ObjectNode task = Json.object();
            task.put("task", Input.required(in, "task"));
            task.putArray("containers").add(change);
            submitTask(task);
            return Json.object().put("acknowledgment", "ACK");
        });
        ops.put("SubmitAttachmentStateChanges", (in, r) -> Json.object().put("acknowledgment", "ACK"));
    }

    private void submitTask(JsonNode in) {
        String taskRef = Input.required(in, "task");
        String status = Input.str(in, "status", "");
        String reason = Input.str(in, "reason", "");
        Instant now = ctx.clock().instant();
        Instant pullStarted = time(in, "pullStartedAt");
        Instant pullStopped = time(in, "pullStoppedAt");
        Instant execStopped = time(in, "executionStoppedAt");
        ctx.committer().write(tx -> {
            Task t = tx.state().taskByArn(taskRef)
                    .orElseThrow(() -> AwsException.invalidParameter("The referenced task was not found: " + taskRef));
            Task.Builder b = t.toBuilder();
            b.containers = containers(t, in.path("containers"));
            if (pullStarted != null && b.pullStartedAt == null) b.pullStartedAt = pullStarted;
            if (pullStopped != null && b.pullStoppedAt == null) b.pullStoppedAt = pullStopped;
            TaskStatus last = t.last();
            if ("RUNNING".equals(status) && last.canMoveTo(TaskStatus.RUNNING)) {
                b.moveTo(TaskStatus.RUNNING);
                b.startedAt = now;
                b.connectivityAt = now;
            } else if ("STOPPED".equals(status) && last.canMoveTo(TaskStatus.STOPPED)) {
                b.moveTo(TaskStatus.STOPPED);
                b.desiredStatus = TaskStatus.STOPPED.name();
                b.stoppedAt = now;
                b.executionStoppedAt = execStopped != null ? execStopped : now;
                if (b.stoppingAt == null) b.stoppingAt = now;
                if (b.stopCode == null) stoppedByItself(b, t, reason);
            }
            Task next = b.build();
            if (!next.equals(withVersion(t, next.version()))) {
                tx.put(Keys.task(Arns.clusterName(t.clusterArn()), Arns.lastSegment(t.taskArn())), next);
            }
            return null;
        });
    }

    private static Task withVersion(Task t, long version) {
        Task.Builder b = t.toBuilder();
        b.version = version - 1;
        return b.build();
    }

    /** Why a task the user did not stop has stopped: an essential container exited, or it never started. */
    private void stoppedByItself(Task.Builder b, Task t, String reason) {
        if (t.startedAt() == null && !ESSENTIAL_EXITED.equals(reason)) {
            b.stopCode = "TaskFailedToStart";
            String why = reason;
            if (why == null || why.isEmpty()) {
                why = b.containers.stream().map(Container::reason).filter(r -> r != null && !r.isEmpty()).findFirst().orElse("Task failed to start");
            }
            b.stoppedReason = why;
        } else {
            b.stopCode = "EssentialContainerExited";
            b.stoppedReason = reason == null || reason.isEmpty() ? ESSENTIAL_EXITED : reason;
        }
    }

    private List<Container> containers(Task t, JsonNode changes) {
        List<Container> out = new ArrayList<>(t.containers());
        for (JsonNode ch : changes) {
            String name = ch.path("containerName").asText();
            for (int i = 0; i < out.size(); i++) {
                Container c = out.get(i);
                if (!c.name().equals(name)) continue;
                String status = ch.hasNonNull("status") ? ch.get("status").asText() : null;
                if (status != null && order(status) < order(c.lastStatus())) status = null; // never backward
                List<NetworkBinding> bindings = new ArrayList<>();
                for (JsonNode nb : ch.path("networkBindings")) bindings.add(Json.convert(nb, NetworkBinding.class));
                out.set(i, c.reported(status, text(ch, "runtimeId"), ch.hasNonNull("exitCode") ? ch.get("exitCode").asInt() : null,
                        text(ch, "reason"), bindings));
            }
        }
        return out;
    }

    private static int order(String containerStatus) {
        return switch (containerStatus == null ? "" : containerStatus) {
            case "RUNNING" -> 1;
            case "STOPPED" -> 2;
            default -> 0;
        };
    }

    private static String text(JsonNode n, String m) {
        return n.hasNonNull(m) ? n.get(m).asText() : null;
    }

    private static Instant time(JsonNode in, String member) {
        JsonNode v = in.get(member);
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return Instant.ofEpochMilli((long) (v.asDouble() * 1000));
        try {
            return Instant.parse(v.asText());
        } catch (RuntimeException e) {
            throw AwsException.invalidParameter(member + " is not a timestamp.");
        }
    }
}
