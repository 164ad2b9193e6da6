package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Attribute;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Resource;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.VersionInfo;
import io.berth.scheduler.query.Query;
import io.berth.server.placement.InstanceCandidate;
import io.berth.server.placement.InstanceFilter;
import io.berth.server.state.Keys;
import io.berth.server.state.Usage;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * RegisterContainerInstance, DeregisterContainerInstance, DescribeContainerInstances,
 * ListContainerInstances, UpdateContainerInstancesState.
 */
final class ContainerInstanceOps implements Ops {
    private final EcsContext ctx;

    ContainerInstanceOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("RegisterContainerInstance", (in, r) -> Json.object().set("containerInstance", view(registerInstance(in), Set.of("TAGS"))));
        ops.put("DeregisterContainerInstance", (in, r) -> Json.object().set("containerInstance", view(deregister(in), Set.of())));
        ops.put("DescribeContainerInstances", (in, r) -> describe(in));
        ops.put("ListContainerInstances", (in, r) -> list(in));
        ops.put("UpdateContainerInstancesState", (in, r) -> updateState(in));
    }

    private ContainerInstance registerInstance(JsonNode in) {
        String clusterRef = Input.cluster(in);
        List<Resource> resources = resources(in.path("totalResources"));
        List<Attribute> sent = new ArrayList<>();
        for (JsonNode a : in.path("attributes")) {
            sent.add(Attribute.of(a.path("name").asText(), a.hasNonNull("value") ? a.get("value").asText() : null));
        }
        VersionInfo version = in.has("versionInfo") ? Json.convert(in.get("versionInfo"), VersionInfo.class) : null;
        var tags = Tagging.parse(in.path("tags"));
        String givenArn = Input.str(in, "containerInstanceArn");
        String clientToken = Input.str(in, "clientToken");
        Instant now = ctx.clock().instant();
        return ctx.committer().write(tx -> {
            Cluster cluster = Resolve.cluster(tx.state(), clusterRef);
            ContainerInstance existing = null;
            if (givenArn != null && !givenArn.isEmpty()) {
                existing = Resolve.instance(tx.state(), cluster, givenArn).orElse(null);
                if (existing != null && "INACTIVE".equals(existing.status())) {
                    throw AwsException.client("Container instance " + givenArn + " was deregistered; register without containerInstanceArn to join again.");
                }
            }
            if (existing == null && clientToken != null && !clientToken.isEmpty()) {
                existing = tx.state().range(Keys.instancesOf(cluster.clusterName()), ContainerInstance.class).stream()
                        .filter(i -> clientToken.equals(i.clientToken()) && !"INACTIVE".equals(i.status())).findFirst().orElse(null);
            }
            String id = existing != null ? Arns.lastSegment(existing.containerInstanceArn()) : UUID.randomUUID().toString().replace("-", "");
            String arn = ctx.arns().containerInstance(cluster.clusterName(), id);
            ContainerInstance inst = new ContainerInstance(arn, cluster.clusterArn(),
                    existing != null ? existing.ec2InstanceId() : "i-" + id.substring(0, 17),
                    existing != null ? existing.status() : "ACTIVE", null,
                    existing != null ? existing.version() + 1 : 1, version, resources,
                    attributes(sent, existing), existing != null ? existing.registeredAt() : now,
                    existing != null && tags.isEmpty() ? existing.tags() : tags, null, clientToken);
            tx.put(Keys.instance(cluster.clusterName(), id), inst);
            return inst;
        });
    }

    /** Everything the agent sent, the custom attributes put since, and the built-ins every instance has. */
    private List<Attribute> attributes(List<Attribute> sent, ContainerInstance existing) {
        Map<String, Attribute> out = new LinkedHashMap<>();
        if (existing != null) {
            for (Attribute a : existing.attributes()) if (!isAgentAttribute(a.name())) out.put(a.name(), a);
        }
        sent.forEach(a -> out.put(a.name(), a));
        out.putIfAbsent("ecs.availability-zone", Attribute.of("ecs.availability-zone", ctx.arns().region() + "a"));
        out.putIfAbsent("ecs.instance-type", Attribute.of("ecs.instance-type", "berth.local"));
        out.putIfAbsent("ecs.os-type", Attribute.of("ecs.os-type", "linux"));
        out.putIfAbsent("ecs.ami-id", Attribute.of("ecs.ami-id", "ami-berthlocal"));
        return new ArrayList<>(out.values());
    }

    private static boolean isAgentAttribute(String name) {
        return name.startsWith("ecs.") || name.startsWith("com.amazonaws.ecs.");
    }

    private static List<Resource> resources(JsonNode total) {
        Map<String, Resource> out = new LinkedHashMap<>();
        out.put("CPU", Resource.integer("CPU", 1024));
        out.put("MEMORY", Resource.integer("MEMORY", 1024));
        out.put("PORTS", Resource.stringSet("PORTS", List.of("22", "2375", "2376", "51678", "51679")));
        out.put("PORTS_UDP", Resource.stringSet("PORTS_UDP", List.of()));
        for (JsonNode r : total) {
            String name = r.path("name").asText();
            String type = r.path("type").asText("INTEGER");
            if ("STRINGSET".equals(type)) {
                List<String> values = new ArrayList<>();
                r.path("stringSetValue").forEach(v -> values.add(v.asText()));
                out.put(name, Resource.stringSet(name, values));
            } else {
                int value = r.has("integerValue") ? r.get("integerValue").asInt() : (int) r.path("longValue").asLong(r.path("doubleValue").asLong());
                if (value < 0) throw AwsException.invalidParameter("Resource " + name + " must not be negative.");
                out.put(name, Resource.integer(name, value));
            }
        }
        return new ArrayList<>(out.values());
    }

    private ContainerInstance deregister(JsonNode in) {
        String clusterRef = Input.cluster(in);
        String ref = Input.required(in, "containerInstance");
        boolean force = Input.bool(in, "force", false);
        Instant now = ctx.clock().instant();
        return ctx.committer().write(tx -> {
            Cluster cluster = Resolve.cluster(tx.state(), clusterRef);
            ContainerInstance inst = Resolve.instance(tx.state(), cluster, ref)
                    .orElseThrow(() -> AwsException.invalidParameter("Container instance not found: " + ref));
            if ("INACTIVE".equals(inst.status())) return inst;
            List<Task> live = tx.state().range(Keys.tasksOf(cluster.clusterName()), Task.class).stream()
                    .filter(t -> inst.containerInstanceArn().equals(t.containerInstanceArn()) && t.last() != TaskStatus.STOPPED)
                    .toList();
            if (!live.isEmpty() && !force) {
                throw AwsException.invalidParameter("The container instance has " + live.size()
                        + " task(s) that are not stopped. Stop them first, or deregister with force.");
            }
            for (Task t : live) {
                var b = t.toBuilder();
                b.desiredStatus = "STOPPED";
                b.moveTo(TaskStatus.STOPPED);
                b.stoppedReason = "The container instance was deregistered; the task is no longer tracked.";
                b.stoppedAt = now;
                tx.put(Keys.task(cluster.clusterName(), Arns.lastSegment(t.taskArn())), b.build());
            }
            ContainerInstance next = inst.withStatus("INACTIVE", null);
            tx.put(Keys.instance(cluster.clusterName(), Arns.lastSegment(inst.containerInstanceArn())), next);
            return next;
        });
    }

    private ObjectNode describe(JsonNode in) {
        Cluster cluster = Resolve.cluster(ctx.state(), Input.cluster(in));
        List<String> refs = Input.strings(in, "containerInstances");
        if (refs.isEmpty() || refs.size() > 100) throw AwsException.invalidParameter("containerInstances must name 1 to 100 container instances.");
        Set<String> include = Set.copyOf(Input.strings(in, "include"));
        ArrayNode found = Json.MAPPER.createArrayNode();
        ArrayNode failures = Json.MAPPER.createArrayNode();
        for (String ref : refs) {
            var inst = Resolve.instance(ctx.state(), cluster, ref);
            if (inst.isPresent()) found.add(view(inst.get(), include));
            else failures.add(Json.object().put("arn", ref.startsWith("arn:") ? ref : ctx.arns().containerInstance(cluster.clusterName(), ref)).put("reason", "MISSING"));
        }
        ObjectNode out = Json.object();
        out.set("containerInstances", found);
        out.set("failures", failures);
        return out;
    }

    private ObjectNode list(JsonNode in) {
        Cluster cluster = Resolve.cluster(ctx.state(), Input.cluster(in));
        String status = Input.str(in, "status");
        String filter = Input.str(in, "filter");
        Query query = filter == null || filter.isBlank() ? null : InstanceFilter.parse(filter);
        List<ContainerInstance> all = ctx.state().range(Keys.instancesOf(cluster.clusterName()), ContainerInstance.class).stream()
                .filter(i -> status == null ? !"INACTIVE".equals(i.status()) : status.equals(i.status()))
                .filter(i -> query == null || query.test(new InstanceCandidate(i, ctx.state().usage(),
                        !"INACTIVE".equals(i.status()) && ctx.agentConnected().test(i.containerInstanceArn()))))
                .toList();
        var page = Paging.page(all, ContainerInstance::containerInstanceArn, in, 100);
        ObjectNode out = Json.object();
        ArrayNode arns = out.putArray("containerInstanceArns");
        page.items().forEach(i -> arns.add(i.containerInstanceArn()));
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    private ObjectNode updateState(JsonNode in) {
        String clusterRef = Input.cluster(in);
        List<String> refs = Input.strings(in, "containerInstances");
        if (refs.isEmpty() || refs.size() > 10) throw AwsException.invalidParameter("containerInstances must name 1 to 10 container instances.");
        String status = Input.required(in, "status");
        if (!Set.of("ACTIVE", "DRAINING").contains(status)) {
            throw AwsException.invalidParameter("Container instances can only be set to ACTIVE or DRAINING.");
        }
        List<ContainerInstance> changed = new ArrayList<>();
        ArrayNode failures = Json.MAPPER.createArrayNode();
        ctx.committer().write(tx -> {
            Cluster cluster = Resolve.cluster(tx.state(), clusterRef);
            for (String ref : refs) {
                var inst = Resolve.instance(tx.state(), cluster, ref);
                if (inst.isEmpty() || "INACTIVE".equals(inst.get().status())) {
                    failures.add(Json.object().put("arn", ref).put("reason", "MISSING"));
                    continue;
                }
                ContainerInstance next = inst.get().status().equals(status) ? inst.get() : inst.get().withStatus(status, null);
                tx.put(Keys.instance(cluster.clusterName(), Arns.lastSegment(next.containerInstanceArn())), next);
                changed.add(next);
            }
            return null;
        });
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("containerInstances");
        changed.forEach(i -> arr.add(view(i, Set.of())));
        out.set("failures", failures);
        return out;
    }

    /** The ECS ContainerInstance shape with remaining resources, task counts and connection derived now. */
    ObjectNode view(ContainerInstance i, Set<String> include) {
        Usage.InstanceUse use = ctx.state().usage().of(i.containerInstanceArn());
        ObjectNode o = Json.object();
        o.put("containerInstanceArn", i.containerInstanceArn());
        o.put("ec2InstanceId", i.ec2InstanceId());
        o.put("version", i.version());
        if (i.versionInfo() != null) o.set("versionInfo", Json.tree(i.versionInfo()));
        List<Resource> remaining = new ArrayList<>();
        for (Resource r : i.registeredResources()) {
            switch (r.name()) {
                case "CPU" -> remaining.add(Resource.integer("CPU", r.integerValue() - use.cpu()));
                case "MEMORY" -> remaining.add(Resource.integer("MEMORY", r.integerValue() - use.memory()));
                case "PORTS", "PORTS_UDP" -> {
                    Set<String> held = new TreeSet<>(r.stringSetValue());
                    ctx.state().usage().portsHeld(i.containerInstanceArn(), r.name().equals("PORTS") ? "tcp" : "udp")
                            .forEach(p -> held.add(String.valueOf(p)));
                    remaining.add(Resource.stringSet(r.name(), new ArrayList<>(held)));
                }
                default -> remaining.add(r);
            }
        }
        o.set("remainingResources", Json.tree(remaining));
        o.set("registeredResources", Json.tree(i.registeredResources()));
        o.put("status", i.status());
        if (i.statusReason() != null) o.put("statusReason", i.statusReason());
        o.put("agentConnected", !"INACTIVE".equals(i.status()) && ctx.agentConnected().test(i.containerInstanceArn()));
        o.put("runningTasksCount", use.running());
        o.put("pendingTasksCount", use.pending());
        o.set("attributes", Json.tree(i.attributes()));
        o.set("registeredAt", Json.tree(i.registeredAt()));
        o.putArray("attachments");
        if (include.contains("TAGS")) o.set("tags", Json.tree(i.tags()));
        if (include.contains("CONTAINER_INSTANCE_HEALTH")) {
            ObjectNode h = o.putObject("healthStatus");
            h.put("overallStatus", "OK");
            h.putArray("details");
        }
        return o;
    }
}
