package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.ecs.TaskDefinition;
import io.berth.server.state.Keys;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies,
 * DeregisterTaskDefinition, DeleteTaskDefinitions. Revisions count from 1 per family and are never
 * reused, even after a revision is deleted.
 */
final class TaskDefinitionOps implements Ops {
    private final EcsContext ctx;

    TaskDefinitionOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("RegisterTaskDefinition", (in, r) -> {
            TaskDefinition d = registerDefinition(in);
            ObjectNode out = Json.object();
            out.set("taskDefinition", view(d));
            out.set("tags", Json.tree(d.tags()));
            return out;
        });
        ops.put("DescribeTaskDefinition", (in, r) -> {
            TaskDefinition d = Resolve.taskDefinition(ctx.state(), Input.required(in, "taskDefinition"));
            ObjectNode out = Json.object();
            out.set("taskDefinition", view(d));
            if (Input.strings(in, "include").contains("TAGS")) out.set("tags", Json.tree(d.tags()));
            return out;
        });
        ops.put("ListTaskDefinitions", (in, r) -> list(in));
        ops.put("ListTaskDefinitionFamilies", (in, r) -> families(in));
        ops.put("DeregisterTaskDefinition", (in, r) -> Json.object().set("taskDefinition", view(deregister(in))));
        ops.put("DeleteTaskDefinitions", (in, r) -> delete(in));
    }

    private TaskDefinition registerDefinition(JsonNode in) {
        TaskDefinitionValidator.validate(in);
        RepositoryCredentialsCheck.validate(in, ctx.baseUrl());
        var tags = Tagging.parse(in.path("tags"));
        String family = in.path("family").asText();
        Instant now = ctx.clock().instant();
        return ctx.committer().write(tx -> {
            int revision = tx.state().last(Keys.family(family), TaskDefinition.class).map(TaskDefinition::revision).orElse(0) + 1;
            ObjectNode doc = ((ObjectNode) in).deepCopy();
            doc.remove("tags");
            ObjectNode out = Json.object();
            out.put("taskDefinitionArn", ctx.arns().taskDefinition(family, revision));
            doc.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
            out.put("revision", revision);
            out.put("status", "ACTIVE");
            if (!out.has("networkMode")) out.put("networkMode", "bridge");
            out.set("containerDefinitions", normalizeContainers(out.path("containerDefinitions")));
            if (!out.has("volumes")) out.putArray("volumes");
            if (!out.has("placementConstraints")) out.putArray("placementConstraints");
            out.set("requiresAttributes", requiresAttributes(out));
            out.set("compatibilities", compatibilities(out));
            out.set("registeredAt", Json.tree(now));
            out.put("registeredBy", "arn:aws:iam::" + ctx.arns().account() + ":root");
            out.set("tags", Json.tree(tags));
            TaskDefinition d = new TaskDefinition(out);
            tx.put(Keys.taskDefinition(family, revision), d);
            return d;
        });
    }

    /** Fills the defaults ECS shows for each container: essential, and empty lists where none were given. */
    private static ArrayNode normalizeContainers(JsonNode containers) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode c : containers) {
            ObjectNode o = ((ObjectNode) c).deepCopy();
            if (!o.has("cpu")) o.put("cpu", 0);
            if (!o.has("essential")) o.put("essential", true);
            for (String list : List.of("portMappings", "environment", "mountPoints", "volumesFrom")) {
                if (!o.has(list)) o.putArray(list);
            }
            for (JsonNode p : o.path("portMappings")) {
                if (p instanceof ObjectNode po && !po.has("protocol")) po.put("protocol", "tcp");
            }
            out.add(o);
        }
        return out;
    }

    private static ArrayNode requiresAttributes(JsonNode def) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode c : def.path("containerDefinitions")) {
            if (c.has("dockerLabels")) names.add("com.amazonaws.ecs.capability.docker-remote-api.1.18");
            if (c.has("memoryReservation")) names.add("com.amazonaws.ecs.capability.docker-remote-api.1.21");
            if (c.has("healthCheck")) names.add("ecs.capability.container-health-check");
            if (c.has("dependsOn")) names.add("ecs.capability.container-ordering");
            if (c.has("logConfiguration")) names.add("com.amazonaws.ecs.capability.logging-driver." + c.path("logConfiguration").path("logDriver").asText());
        }
        if (def.has("taskRoleArn")) names.add("com.amazonaws.ecs.capability.task-iam-role");
        if ("awsvpc".equals(def.path("networkMode").asText())) names.add("ecs.capability.task-eni");
        ArrayNode out = Json.MAPPER.createArrayNode();
        names.forEach(n -> out.add(Json.object().put("name", n)));
        return out;
    }

    private static ArrayNode compatibilities(JsonNode def) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        out.add("EC2");
        String mode = def.path("networkMode").asText();
        if (!"awsvpc".equals(mode)) out.add("EXTERNAL");
        if ("awsvpc".equals(mode) && def.hasNonNull("cpu") && def.hasNonNull("memory")) out.add("FARGATE");
        return out;
    }

    /** The TaskDefinition shape: the stored document without the tags (which travel beside it). */
    static ObjectNode view(TaskDefinition d) {
        ObjectNode o = d.doc().deepCopy();
        o.remove("tags");
        return o;
    }

    private ObjectNode list(JsonNode in) {
        String prefix = Input.str(in, "familyPrefix");
        String status = Input.str(in, "status", "ACTIVE");
        boolean desc = "DESC".equals(Input.str(in, "sort"));
        List<TaskDefinition> all = new ArrayList<>();
        for (TaskDefinition d : ctx.state().range(Keys.family(prefix == null ? "" : prefix).replaceAll("/$", ""), TaskDefinition.class)) {
            if (prefix != null && !d.family().equals(prefix)) continue; // familyPrefix names a whole family
            if (d.status().equals(status)) all.add(d);
        }
        Comparator<TaskDefinition> order = Comparator.comparing(TaskDefinition::family).thenComparingInt(TaskDefinition::revision);
        all.sort(desc ? order.reversed() : order);
        var page = Paging.page(all, d -> sortKey(d, desc), in, 100);
        ObjectNode out = Json.object();
        ArrayNode arns = out.putArray("taskDefinitionArns");
        page.items().forEach(d -> arns.add(d.arn()));
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    /** A key that sorts like the listing: ascending, or (for DESC) inverted revision numbers. */
    private static String sortKey(TaskDefinition d, boolean desc) {
        if (!desc) return d.family() + "\u0000" + String.format("%010d", d.revision());
        StringBuilder inv = new StringBuilder();
        for (char ch : d.family().toCharArray()) inv.append((char) (0xFFFF - ch));
        return inv + "\u0000" + String.format("%010d", Integer.MAX_VALUE - d.revision());
    }

    private ObjectNode families(JsonNode in) {
        String prefix = Input.str(in, "familyPrefix", "");
        String status = Input.str(in, "status", "ALL");
        TreeMap<String, Boolean> families = new TreeMap<>(); // family -> has an ACTIVE revision
        for (TaskDefinition d : ctx.state().range(Keys.TASK_DEFINITIONS + prefix, TaskDefinition.class)) {
            families.merge(d.family(), d.isActive(), Boolean::logicalOr);
        }
        List<String> names = families.entrySet().stream()
                .filter(e -> switch (status) {
                    case "ACTIVE" -> e.getValue();
                    case "INACTIVE" -> !e.getValue();
                    default -> true;
                })
                .map(Map.Entry::getKey).toList();
        var page = Paging.page(names, s -> s, in, 100);
        ObjectNode out = Json.object();
        out.set("families", Json.tree(page.items()));
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    private TaskDefinition deregister(JsonNode in) {
        String ref = Input.required(in, "taskDefinition");
        if (!ref.contains(":") || (ref.startsWith("arn:") && !ref.substring(ref.lastIndexOf('/') + 1).contains(":"))) {
            throw AwsException.client("Invalid revision number. Number: " + ref + " (name family:revision or the full ARN).");
        }
        Instant now = ctx.clock().instant();
        return ctx.committer().write(tx -> {
            TaskDefinition d = Resolve.taskDefinition(tx.state(), ref);
            if (!d.isActive()) return d;
            TaskDefinition next = d.with("status", Json.tree("INACTIVE")).with("deregisteredAt", Json.tree(now));
            tx.put(Keys.taskDefinition(d.family(), d.revision()), next);
            return next;
        });
    }

    private ObjectNode delete(JsonNode in) {
        List<String> refs = Input.strings(in, "taskDefinitions");
        if (refs.isEmpty() || refs.size() > 10) throw AwsException.invalidParameter("taskDefinitions must name 1 to 10 task definitions.");
        Instant now = ctx.clock().instant();
        return ctx.committer().write(tx -> {
            ArrayNode defs = Json.MAPPER.createArrayNode();
            ArrayNode failures = Json.MAPPER.createArrayNode();
            for (String ref : refs) {
                TaskDefinition d;
                try {
                    d = Resolve.taskDefinition(tx.state(), ref);
                } catch (AwsException e) {
                    failures.add(Json.object().put("arn", ref).put("reason", "TASK_DEFINITION_NOT_FOUND").put("detail", e.getMessage()));
                    continue;
                }
                if (d.isActive()) {
                    failures.add(Json.object().put("arn", d.arn()).put("reason", "The specified task definition is still in ACTIVE status. Please deregister the target and try again."));
                    continue;
                }
                TaskDefinition next = d;
                if (!"DELETE_IN_PROGRESS".equals(d.status())) {
                    next = d.with("status", Json.tree("DELETE_IN_PROGRESS")).with("deleteRequestedAt", Json.tree(now));
                    tx.put(Keys.taskDefinition(d.family(), d.revision()), next);
                }
                defs.add(view(next));
            }
            ObjectNode out = Json.object();
            out.set("taskDefinitions", defs);
            out.set("failures", failures);
            return out;
        });
    }
}
