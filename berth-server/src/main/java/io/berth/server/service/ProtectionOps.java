package io.berth.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskProtection;
import io.berth.server.ecs.EcsContext;
import io.berth.server.ecs.Lookup;
import io.berth.server.ecs.Ops;
import io.berth.server.state.Keys;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UpdateTaskProtection and GetTaskProtection: scale-in protection of service tasks, for 2 hours
 * unless {@code expiresInMinutes} says otherwise (1 minute to 48 hours).
 */
public final class ProtectionOps implements Ops {
    private static final int DEFAULT_MINUTES = 120;
    private static final int MAX_MINUTES = 2880;
    private final EcsContext ctx;

    public ProtectionOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("UpdateTaskProtection", (in, r) -> update(in));
        ops.put("GetTaskProtection", (in, r) -> get(in));
    }

    private ObjectNode update(JsonNode in) {
        boolean enabled = in.path("protectionEnabled").asBoolean();
        int minutes = in.path("expiresInMinutes").asInt(DEFAULT_MINUTES);
        if (minutes < 1 || minutes > MAX_MINUTES) throw AwsException.invalidParameter("expiresInMinutes must be between 1 and " + MAX_MINUTES + ".");
        List<String> refs = new ArrayList<>();
        in.path("tasks").forEach(t -> refs.add(t.asText()));
        if (refs.isEmpty() || refs.size() > 10) throw AwsException.invalidParameter("tasks must name 1 to 10 tasks.");
        Instant now = ctx.clock().instant();
        return ctx.committer().write(tx -> {
            Cluster cluster = Lookup.cluster(tx.state(), in.path("cluster").asText("default"));
            ObjectNode out = Json.object();
            ArrayNode done = out.putArray("protectedTasks");
            ArrayNode failures = out.putArray("failures");
            for (String ref : refs) {
                Task t = Lookup.task(tx.state(), cluster, ref).orElse(null);
                String invalid = t == null ? "The task was not found."
                        : t.last() == TaskStatus.STOPPED ? "The task is not running."
                        : t.group() == null || !t.group().startsWith("service:") ? "The task does not belong to a service: only service tasks can be protected."
                        : null;
                if (invalid != null) {
                    failures.add(Json.object().put("arn", ref).put("reason", "TASK_NOT_VALID").put("detail", invalid));
                    continue;
                }
                TaskProtection p = new TaskProtection(t.taskArn(), enabled, enabled ? now.plus(Duration.ofMinutes(minutes)) : null);
                tx.put(Keys.protection(cluster.clusterName(), Arns.lastSegment(t.taskArn())), p);
                done.add(Json.tree(p));
            }
            return out;
        });
    }

    private ObjectNode get(JsonNode in) {
        var st = ctx.state();
        Cluster cluster = Lookup.cluster(st, in.path("cluster").asText("default"));
        List<String> refs = new ArrayList<>();
        in.path("tasks").forEach(t -> refs.add(t.asText()));
        ObjectNode out = Json.object();
        ArrayNode done = out.putArray("protectedTasks");
        ArrayNode failures = out.putArray("failures");
        Instant now = ctx.clock().instant();
        for (String ref : refs) {
            Task t = Lookup.task(st, cluster, ref).orElse(null);
            if (t == null) {
                failures.add(Json.object().put("arn", ref).put("reason", "TASK_NOT_VALID").put("detail", "The task was not found."));
                continue;
            }
            TaskProtection p = st.get(Keys.protection(cluster.clusterName(), Arns.lastSegment(t.taskArn())), TaskProtection.class)
                    .filter(x -> x.activeAt(now))
                    .orElse(new TaskProtection(t.taskArn(), false, null));
            done.add(Json.tree(p));
        }
        return out;
    }
}
