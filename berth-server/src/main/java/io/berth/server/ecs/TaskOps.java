package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Tag;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.scheduler.ClusterView;
import io.berth.scheduler.Explanation;
import io.berth.scheduler.Placement;
import io.berth.scheduler.PlacementInputException;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.PlacementSpec;
import io.berth.scheduler.Placer;
import io.berth.scheduler.TaskDemand;
import io.berth.server.placement.InstancesView;
import io.berth.server.placement.PlacementExplainView;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.server.state.Tx;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** RunTask, StartTask, StopTask, DescribeTasks, ListTasks, and Berth's ExplainPlacement. */
final class TaskOps implements Ops {
    private final EcsContext ctx;
    private final Placer placer = new Placer(Placer.DEFAULT_SAMPLE);
    private final SplittableRandom seeds = new SplittableRandom(); // used on the committer thread only

    TaskOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("RunTask", (in, r) -> run(in, null));
        ops.put("StartTask", (in, r) -> {
            List<String> targets = Input.strings(in, "containerInstances");
            if (targets.isEmpty() || targets.size() > 10) throw AwsException.invalidParameter("containerInstances must name 1 to 10 container instances.");
            return run(in, targets);
        });
        ops.put("StopTask", (in, r) -> Json.object().set("task", view(stop(in), Set.of("TAGS"))));
        ops.put("ExplainPlacement", (in, r) -> explain(in));
        ops.put("DescribeTasks", (in, r) -> describe(in));
        ops.put("ListTasks", (in, r) -> list(in));
    }

    /** The request's launch parameters, checked before anything is placed. */
    private record Launch(TaskDefinition def, JsonNode overrides, int count, String group, String startedBy,
                          List<Tag> tags, Boolean execute) {}

    private Launch launch(JsonNode in, State st, boolean runTask) {
        TaskDefinition def = Resolve.taskDefinition(st, Input.required(in, "taskDefinition"));
        if (!def.isActive()) throw AwsException.client("TaskDefinition is inactive: " + def.arn() + ". Register a new revision or use an ACTIVE one.");
        String launchType = Input.str(in, "launchType", "EC2");
        if (in.has("capacityProviderStrategy") && in.has("launchType")) {
            throw AwsException.invalidParameter("Specify either a launchType or a capacityProviderStrategy, not both.");
        }
        if (!in.path("capacityProviderStrategy").isEmpty()) {
            throw new AwsException("UnsupportedFeatureException", "Capacity provider strategies are not supported by Berth yet; use launchType EC2.");
        }
        if ("FARGATE".equals(launchType) || "awsvpc".equals(def.networkMode())) {
            throw AwsException.invalidParameter("Tasks with launchType FARGATE or networkMode awsvpc cannot run on Berth yet; register a bridge or host mode task definition and use launchType EC2.");
        }
        if (!"EC2".equals(launchType)) {
            throw AwsException.invalidParameter("Berth's container instances are EC2 instances; launchType " + launchType + " has none. Use EC2.");
        }
        List<String> requires = Input.strings(def.doc(), "requiresCompatibilities");
        if (!requires.isEmpty() && !requires.contains("EC2")) {
            throw AwsException.client("Task definition does not support launch_type EC2.");
        }
        int count = runTask ? Input.integer(in, "count", 1) : 1;
        if (count < 1 || count > 10) throw AwsException.invalidParameter("count must be between 1 and 10.");
        JsonNode overrides = in.get("overrides");
        TaskFactory.checkOverrides(def, overrides);
        String group = Input.str(in, "group", "family:" + def.family());
        if (group.length() > 255) throw AwsException.invalidParameter("group must be at most 255 characters.");
        String startedBy = Input.str(in, "startedBy");
        if (startedBy != null && startedBy.length() > 128) throw AwsException.invalidParameter("startedBy must be at most 128 characters.");
        List<Tag> tags = Tagging.parse(in.path("tags"));
        return new Launch(def, overrides, count, group, startedBy, tags, in.has("enableExecuteCommand") ? in.get("enableExecuteCommand").asBoolean() : null);
    }

    private ObjectNode run(JsonNode in, List<String> targets) {
        String clusterRef = Input.cluster(in);
        Instant now = ctx.clock().instant();
        record Result(List<Task> tasks, List<Placement.Failure> failures) {}
        Result result = ctx.committer().write(tx -> {
            State st = tx.state();
            Cluster cluster = Resolve.cluster(st, clusterRef);
            Launch l = launch(in, st, targets == null);
            TaskDemand demand = TaskDemand.of(l.def(), l.overrides());
            List<Task> placed = new ArrayList<>();
            List<Placement.Failure> failures = new ArrayList<>();
            if (targets == null) {
                PlacementSpec spec = spec(in, l.def(), true);
                ClusterView view = InstancesView.active(st, cluster.clusterName(), ctx.agentConnected());
                Placement p = placer.place(view, new PlacementRequest(demand, l.group(), spec, l.count(), seeds.nextLong(), false));
                for (String arn : p.instances()) placed.add(put(tx, cluster, l, demand, arn, now));
                failures.addAll(p.failures());
                if (placed.isEmpty() && failures.stream().anyMatch(f -> Placement.NO_INSTANCES.equals(f.reason()))) {
                    throw AwsException.invalidParameter(Placement.NO_INSTANCES); // ECS answers 400, not a failure entry
                }
            } else {
                // StartTask: the caller chose the instances; status, agent, resources and the task
                // definition's constraints still apply, strategies do not
                PlacementSpec spec = spec(in, l.def(), false);
                for (String ref : targets) {
                    var inst = Resolve.instance(st, cluster, ref);
                    if (inst.isEmpty()) {
                        failures.add(new Placement.Failure(ref, "MISSING", null));
                        continue;
                    }
                    Placement p = placer.place(InstancesView.single(st, inst.get(), ctx.agentConnected()),
                            new PlacementRequest(demand, l.group(), spec, 1, seeds.nextLong(), false));
                    if (p.instances().isEmpty()) failures.addAll(p.failures());
                    else placed.add(put(tx, cluster, l, demand, p.instances().get(0), now));
                }
            }
            return new Result(placed, failures);
        });
        ObjectNode out = Json.object();
        ArrayNode tasks = out.putArray("tasks");
        result.tasks().forEach(t -> tasks.add(view(t, Set.of("TAGS"))));
        ArrayNode failures = out.putArray("failures");
        for (Placement.Failure f : result.failures()) {
            ObjectNode o = failures.addObject();
            if (f.arn() != null) o.put("arn", f.arn());
            o.put("reason", f.reason());
            if (f.detail() != null) o.put("detail", f.detail());
        }
        return out;
    }

    private Task put(Tx tx, Cluster cluster, Launch l, TaskDemand demand, String instanceArn, Instant now) {
        ContainerInstance inst = tx.state().instanceByArn(instanceArn).orElseThrow();
        Task t = TaskFactory.create(ctx.arns(), cluster.clusterName(), cluster.clusterArn(), l.def(), l.overrides(), inst, demand,
                l.group(), l.startedBy(), l.tags(), l.execute(), now);
        tx.put(Keys.task(cluster.clusterName(), Arns.lastSegment(t.taskArn())), t);
        return t;
    }

    /**
     * The request's and the task definition's placement rules; RunTask defaults to random as ECS
     * does, StartTask takes only the task definition's constraints.
     */
    private static PlacementSpec spec(JsonNode in, TaskDefinition def, boolean runTask) {
        try {
            if (!runTask) return new PlacementSpec(PlacementSpec.taskDefinitionConstraints(def.doc().get("placementConstraints")), List.of());
            return PlacementSpec.of(in.get("placementConstraints"), def.doc().get("placementConstraints"), in.get("placementStrategy"),
                    PlacementSpec.RUN_TASK_DEFAULT);
        } catch (PlacementInputException e) {
            throw AwsException.invalidParameter(e.getMessage());
        }
    }

    /**
     * Berth's own operation: how RunTask would place one task now, instance by instance, without
     * placing it. Takes RunTask's input plus {@code limit}, the most instances to list (default 100;
     * the counts per reason always cover all of them), and optionally {@code seed}. Runs as a
     * command of the committer that writes nothing, so it sees one consistent state.
     */
    private ObjectNode explain(JsonNode in) {
        String clusterRef = Input.cluster(in);
        int limit = Input.integer(in, "limit", 100);
        if (limit < 0) throw AwsException.invalidParameter("limit must not be negative.");
        Explanation e = ctx.committer().write(tx -> {
            State st = tx.state();
            Cluster cluster = Resolve.cluster(st, clusterRef);
            Launch l = launch(in, st, true);
            TaskDemand demand = TaskDemand.of(l.def(), l.overrides());
            ClusterView view = InstancesView.of(st, cluster.clusterName(), i -> !"INACTIVE".equals(i.status()), ctx.agentConnected());
            long seed = in.has("seed") ? in.get("seed").asLong() : seeds.nextLong();
            return placer.place(view, new PlacementRequest(demand, l.group(), spec(in, l.def(), true), 1, seed, true)).explanation();
        });
        return PlacementExplainView.json(e, limit);
    }

    private Task stop(JsonNode in) {
        String clusterRef = Input.cluster(in);
        String ref = Input.required(in, "task");
        String reason = Input.str(in, "reason");
        if (reason != null && reason.length() > 255) throw AwsException.invalidParameter("reason must be at most 255 characters.");
        Instant now = ctx.clock().instant();
        return ctx.committer().write(tx -> {
            Cluster cluster = Resolve.cluster(tx.state(), clusterRef);
            Task t = Resolve.task(tx.state(), cluster, ref)
                    .orElseThrow(() -> AwsException.invalidParameter("The referenced task was not found."));
            if (t.desired() == TaskStatus.STOPPED) return t;
            Task.Builder b = t.toBuilder();
            b.desiredStatus = TaskStatus.STOPPED.name();
            b.stopCode = "UserInitiated";
            b.stoppedReason = reason == null || reason.isEmpty() ? "Task stopped by user" : reason;
            b.stoppingAt = now;
            if (t.last().canMoveTo(TaskStatus.STOPPING)) b.moveTo(TaskStatus.STOPPING);
            Task next = b.build();
            tx.put(Keys.task(cluster.clusterName(), Arns.lastSegment(t.taskArn())), next);
            return next;
        });
    }

    private ObjectNode describe(JsonNode in) {
        Cluster cluster = Resolve.cluster(ctx.state(), Input.cluster(in));
        List<String> refs = Input.strings(in, "tasks");
        if (refs.isEmpty() || refs.size() > 100) throw AwsException.invalidParameter("tasks must name 1 to 100 tasks.");
        Set<String> include = Set.copyOf(Input.strings(in, "include"));
        ObjectNode out = Json.object();
        ArrayNode tasks = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        for (String ref : refs) {
            var t = Resolve.task(ctx.state(), cluster, ref);
            if (t.isPresent()) tasks.add(view(t.get(), include));
            else failures.add(Json.object().put("arn", ref.startsWith("arn:") ? ref : ctx.arns().task(cluster.clusterName(), ref)).put("reason", "MISSING"));
        }
        return out;
    }

    private ObjectNode list(JsonNode in) {
        Cluster cluster = Resolve.cluster(ctx.state(), Input.cluster(in));
        String instanceRef = Input.str(in, "containerInstance");
        String instanceArn = null;
        if (instanceRef != null) {
            instanceArn = Resolve.instance(ctx.state(), cluster, instanceRef).map(ContainerInstance::containerInstanceArn)
                    .orElseThrow(() -> AwsException.invalidParameter("Container instance not found: " + instanceRef));
        }
        String family = Input.str(in, "family");
        String startedBy = Input.str(in, "startedBy");
        String service = Input.str(in, "serviceName");
        String desired = Input.str(in, "desiredStatus", "RUNNING");
        String launchType = Input.str(in, "launchType");
        if (family != null && startedBy != null) throw AwsException.invalidParameter("Specify family or startedBy, not both.");
        final String ia = instanceArn;
        List<Task> matching = new ArrayList<>();
        for (Task t : ctx.state().range(Keys.tasksOf(cluster.clusterName()), Task.class)) {
            if (!desired.equals(t.desiredStatus())) continue;
            if (ia != null && !ia.equals(t.containerInstanceArn())) continue;
            if (family != null && !t.taskDefinitionArn().contains(":task-definition/" + family + ":")) continue;
            if (startedBy != null && !startedBy.equals(t.startedBy())) continue;
            if (service != null && !("service:" + Arns.lastSegment(service)).equals(t.group())) continue;
            if (launchType != null && !launchType.equals(t.launchType())) continue;
            matching.add(t);
        }
        var page = Paging.page(matching, Task::taskArn, in, 100);
        ObjectNode out = Json.object();
        ArrayNode arns = out.putArray("taskArns");
        page.items().forEach(t -> arns.add(t.taskArn()));
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    static ObjectNode view(Task t, Set<String> include) {
        ObjectNode o = (ObjectNode) Json.tree(t);
        if (!include.contains("TAGS")) o.remove("tags");
        return o;
    }
}
