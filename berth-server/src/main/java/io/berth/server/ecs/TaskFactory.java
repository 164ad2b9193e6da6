package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Container;
import io.berth.model.ecs.ContainerDefinitionView;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Tag;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.scheduler.TaskDemand;
import io.berth.wire.AwsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Makes the record of a new task from its definition, overrides and the instance it was placed on. */
public final class TaskFactory {
    private TaskFactory() {}

    /** Checks overrides against the definition: every container override must name one of its containers. */
    static void checkOverrides(TaskDefinition def, JsonNode overrides) {
        if (overrides == null) return;
        Set<String> names = new HashSet<>();
        def.containers().forEach(c -> names.add(c.name()));
        for (JsonNode o : overrides.path("containerOverrides")) {
            String name = o.path("name").asText(null);
            if (name == null || !names.contains(name)) {
                throw AwsException.invalidParameter("Override for container named " + name + " is not a container in the TaskDefinition.");
            }
            for (String m : List.of("cpu", "memory", "memoryReservation")) {
                if (o.has(m) && o.get(m).asInt() < 0) throw AwsException.invalidParameter("Override " + m + " for container " + name + " must not be negative.");
            }
        }
        for (String m : List.of("cpu", "memory")) {
            if (overrides.hasNonNull(m)) {
                try {
                    if (m.equals("cpu")) TaskDemand.parseCpu(overrides.get(m).asText()); else TaskDemand.parseMemory(overrides.get(m).asText());
                } catch (NumberFormatException e) {
                    throw AwsException.invalidParameter("Override " + m + " '" + overrides.get(m).asText() + "' is not a valid amount.");
                }
            }
        }
    }

    public static Task create(Arns arns, String clusterName, String clusterArn, TaskDefinition def, JsonNode overrides,
                       ContainerInstance instance, TaskDemand demand, String group, String startedBy, List<Tag> tags,
                       Boolean enableExecuteCommand, Instant now) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String taskArn = arns.task(clusterName, id);
        List<Container> containers = new ArrayList<>();
        for (ContainerDefinitionView c : def.containers()) {
            JsonNode o = containerOverride(overrides, c.name());
            int cpu = o != null && o.has("cpu") ? o.get("cpu").asInt() : c.cpu();
            Integer mem = o != null && o.has("memory") ? Integer.valueOf(o.get("memory").asInt()) : (c.memory() > 0 ? c.memory() : null);
            Integer res = o != null && o.has("memoryReservation") ? Integer.valueOf(o.get("memoryReservation").asInt())
                    : (c.memoryReservation() > 0 ? c.memoryReservation() : null);
            containers.add(new Container(arns.container(clusterName, id, UUID.randomUUID().toString()), taskArn, c.name(), c.image(),
                    null, null, "PENDING", null, null, List.of(), c.node().has("healthCheck") ? "UNKNOWN" : null,
                    String.valueOf(cpu), mem == null ? null : String.valueOf(mem), res == null ? null : String.valueOf(res)));
        }
        Task.Builder b = new Task.Builder();
        b.taskArn = taskArn;
        b.clusterArn = clusterArn;
        b.taskDefinitionArn = def.arn();
        b.containerInstanceArn = instance.containerInstanceArn();
        b.overrides = overrides != null ? overrides : io.berth.wire.Json.object().set("containerOverrides", io.berth.wire.Json.MAPPER.createArrayNode());
        b.lastStatus = TaskStatus.PENDING.name();
        b.desiredStatus = TaskStatus.RUNNING.name();
        b.cpu = String.valueOf(demand.cpu());
        b.memory = String.valueOf(demand.memory());
        b.containers = containers;
        b.startedBy = startedBy;
        b.version = 0;
        b.createdAt = now;
        b.group = group;
        b.launchType = "EC2";
        b.availabilityZone = instance.attribute("ecs.availability-zone").orElse(null);
        b.healthStatus = "UNKNOWN";
        b.tags = tags;
        b.enableExecuteCommand = enableExecuteCommand != null && enableExecuteCommand;
        return b.build();
    }

    private static JsonNode containerOverride(JsonNode overrides, String name) {
        if (overrides == null) return null;
        for (JsonNode o : overrides.path("containerOverrides")) if (name.equals(o.path("name").asText())) return o;
        return null;
    }
}
