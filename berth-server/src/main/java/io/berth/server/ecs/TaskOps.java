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
import io.berth.scheduler.Candidate;
import io.berth.scheduler.Placement;
import io.berth.scheduler.SimplePlacer;
import io.berth.scheduler.TaskDemand;
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

/** RunTask, StartTask, StopTask, DescribeTasks, ListTasks. */
final class TaskOps implements Ops {
    private final EcsContext ctx;

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
                for (int i = 0; i < l.count(); i++) {
                    List<Candidate> candidates = candidates(st, cluster, demand, null);
                    Placement p = SimplePlacer.place(candidates, demand, 1);
                    if (p.instances().isEmpty()) {
                        failures.addAll(p.failures());
                        break;
                    }
                    placed.add(put(tx, cluster, l, demand, p.instances().get(0), now));
                }
            } else {
                for (String ref : targets) {
                    var inst = Resolve.instance(st, cluster, ref);
                    if (inst.isEmpty() || "INACTIVE".equals(inst.get().status())) {
                        failures.add(new Placement.Failure(ref, "MISSING", null));
                        continue;
                    }
                    Placement p = SimplePlacer.place(candidates(st, cluster, demand, inst.get()), demand, 1);
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

    /** The cluster's ACTIVE instances (or just {@code only}) as placement sees them now. */
    private List<Candidate> candidates(State st, Cluster cluster, TaskDemand demand, ContainerInstance only) {
        List<ContainerInstance> instances = only != null ? List.of(only)
                : st.range(Keys.instancesOf(cluster.clusterName()), ContainerInstance.class).stream()
                        .filter(i -> "ACTIVE".equals(i.status())).toList();
        List<Candidate> out = new ArrayList<>(instances.size());
        for (ContainerInstance i : instances) {
            var use = st.usage().of(i.containerInstanceArn());
            List<String> reservedTcp = i.resource("PORTS").map(r -> r.stringSetValue()).orElse(List.of());
            List<String> reservedUdp = i.resource("PORTS_UDP").map(r -> r.stringSetValue()).orElse(List.of());
            out.add(new Candidate(i.containerInstanceArn(), "ACTIVE".equals(i.status()),
                    ctx.agentConnected().test(i.containerInstanceArn()),
                    i.registeredInt("CPU") - use.cpu(), i.registeredInt("MEMORY") - use.memory(),
                    p -> !reservedTcp.contains(String.valueOf(p)) && st.usage().portFree(i, "tcp", p, demand.hostNetwork()),
                    p -> !reservedUdp.contains(String.valueOf(p)) && st.usage().portFree(i, "udp", p, demand.hostNetwork()),
                    use.running() + use.pending()));
        }
        return out;
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
