package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.scheduler.TaskDemand;
import io.berth.wire.AwsException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks ECS makes on RegisterTaskDefinition beyond the model's types: names, images, CPU and
 * memory rules, port mappings per network mode, essential containers, links and dependencies.
 * Each failure is a ClientException that names the container and the setting to fix.
 */
final class TaskDefinitionValidator {
    private static final String NAME = "[a-zA-Z0-9_-]{1,255}";
    private static final int MIN_CONTAINER_MEMORY = 6;

    private TaskDefinitionValidator() {}

    static void validate(JsonNode in) {
        String family = in.path("family").asText("");
        if (!family.matches(NAME)) {
            throw AwsException.client("Family may contain only letters, numbers, hyphens and underscores, up to 255 characters.");
        }
        String mode = in.path("networkMode").asText("bridge");
        List<String> compat = Input.strings(in, "requiresCompatibilities");
        boolean taskMemory = in.hasNonNull("memory");
        Integer taskCpu = in.hasNonNull("cpu") ? parse(() -> TaskDemand.parseCpu(in.get("cpu").asText()), "cpu", in.get("cpu").asText()) : null;
        Integer taskMem = taskMemory ? parse(() -> TaskDemand.parseMemory(in.get("memory").asText()), "memory", in.get("memory").asText()) : null;
        if (taskCpu != null && (taskCpu < 128 || taskCpu > 196608)) {
            throw AwsException.client("Invalid 'cpu' setting for task. The task cpu must be between 128 and 196608 CPU units.");
        }
        if (taskMem != null && taskMem < MIN_CONTAINER_MEMORY) {
            throw AwsException.client("Invalid 'memory' setting for task. The task memory must be at least " + MIN_CONTAINER_MEMORY + " MiB.");
        }
        if (compat.contains("FARGATE")) {
            if (!"awsvpc".equals(mode)) throw AwsException.client("Fargate only supports network mode 'awsvpc'.");
            if (taskCpu == null || taskMem == null) throw AwsException.client("Fargate requires task definition to have 'cpu' and 'memory' values.");
        }
        JsonNode containers = in.path("containerDefinitions");
        if (containers.isEmpty()) throw AwsException.client("Container list cannot be empty.");
        if (containers.size() > 10) throw AwsException.client("Too many containers: a task definition has at most 10.");
        Set<String> names = new HashSet<>();
        Set<String> hostPorts = new HashSet<>();
        boolean anyEssential = false;
        int memorySum = 0;
        for (JsonNode c : containers) {
            String name = c.path("name").asText("");
            if (!name.matches(NAME)) {
                throw AwsException.client("Container name '" + name + "' is invalid: use up to 255 letters, numbers, hyphens and underscores.");
            }
            if (!names.add(name)) throw AwsException.client("Duplicate container name '" + name + "': each container needs its own name.");
            String image = c.path("image").asText("");
            if (image.isBlank()) throw AwsException.client("Container.image should not be null or empty (container '" + name + "').");
            if (image.length() > 255 || image.chars().anyMatch(Character::isWhitespace)) {
                throw AwsException.client("Invalid image '" + image + "' for container '" + name + "'.");
            }
            anyEssential |= c.path("essential").asBoolean(true);
            int cpu = c.path("cpu").asInt(0);
            if (cpu < 0) throw AwsException.client("Invalid 'cpu' setting for container '" + name + "': it must not be negative.");
            if (taskCpu != null && cpu > taskCpu) {
                throw AwsException.client("Invalid 'cpu' setting for container '" + name + "': it exceeds the task's cpu (" + taskCpu + ").");
            }
            Integer memory = c.hasNonNull("memory") ? c.get("memory").asInt() : null;
            Integer reservation = c.hasNonNull("memoryReservation") ? c.get("memoryReservation").asInt() : null;
            if (memory == null && reservation == null && !taskMemory) {
                throw AwsException.client("Invalid setting for container '" + name + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
            }
            if (memory != null && memory < MIN_CONTAINER_MEMORY) {
                throw AwsException.client("Invalid 'memory' setting for container '" + name + "'. The minimum is " + MIN_CONTAINER_MEMORY + " MiB.");
            }
            if (reservation != null && reservation < MIN_CONTAINER_MEMORY) {
                throw AwsException.client("Invalid 'memoryReservation' setting for container '" + name + "'. The minimum is " + MIN_CONTAINER_MEMORY + " MiB.");
            }
            if (memory != null && reservation != null && memory < reservation) {
                throw AwsException.client("Invalid setting for container '" + name + "'. 'memory' must be greater than or equal to 'memoryReservation'.");
            }
            memorySum += reservation != null ? reservation : memory != null ? memory : 0;
            ports(c, name, mode, hostPorts);
            if (c.has("links") && !c.path("links").isEmpty() && !"bridge".equals(mode)) {
                throw AwsException.client("Links are not supported when networkMode=" + mode + " (container '" + name + "').");
            }
            if (c.has("stopTimeout") && (c.get("stopTimeout").asInt() < 0 || c.get("stopTimeout").asInt() > 120)) {
                throw AwsException.client("Invalid 'stopTimeout' for container '" + name + "': it must be between 0 and 120 seconds.");
            }
        }
        if (taskMem != null && memorySum > taskMem) {
            throw AwsException.client("Invalid setting: the containers' memory (" + memorySum + " MiB) exceeds the task memory (" + taskMem + " MiB).");
        }
        if (!anyEssential) throw AwsException.client("Task definition does not have any essential container.");
        for (JsonNode c : containers) {
            for (JsonNode d : c.path("dependsOn")) {
                String target = d.path("containerName").asText();
                if (!names.contains(target)) {
                    throw AwsException.client("Container '" + c.path("name").asText() + "' depends on '" + target + "', which is not in the task definition.");
                }
                if (target.equals(c.path("name").asText())) {
                    throw AwsException.client("Container '" + target + "' cannot depend on itself.");
                }
                String condition = d.path("condition").asText();
                if ((condition.equals("COMPLETE") || condition.equals("SUCCESS")) && essential(containers, target)) {
                    throw AwsException.client("Container '" + c.path("name").asText() + "' depends on essential container '" + target
                            + "' with condition " + condition + "; COMPLETE and SUCCESS dependencies must be on non-essential containers.");
                }
                if (condition.equals("HEALTHY") && !containerNamed(containers, target).has("healthCheck")) {
                    throw AwsException.client("Container '" + c.path("name").asText() + "' depends on '" + target
                            + "' being HEALTHY, but '" + target + "' has no healthCheck.");
                }
            }
            for (JsonNode l : c.path("links")) {
                String target = l.asText().split(":")[0];
                if (!names.contains(target)) {
                    throw AwsException.client("Container '" + c.path("name").asText() + "' links to '" + target + "', which is not in the task definition.");
                }
            }
        }
    }

    private static JsonNode containerNamed(JsonNode containers, String name) {
        for (JsonNode c : containers) if (name.equals(c.path("name").asText())) return c;
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static boolean essential(JsonNode containers, String name) {
        return containerNamed(containers, name).path("essential").asBoolean(true);
    }

    private static void ports(JsonNode c, String name, String mode, Set<String> hostPorts) {
        for (JsonNode p : c.path("portMappings")) {
            boolean range = p.hasNonNull("containerPortRange");
            if (!range && !p.hasNonNull("containerPort")) {
                throw AwsException.client("Invalid port mapping for container '" + name + "': containerPort is required.");
            }
            int cp = p.path("containerPort").asInt(0);
            if (!range && (cp < 1 || cp > 65535)) {
                throw AwsException.client("Invalid containerPort " + cp + " for container '" + name + "': it must be between 1 and 65535.");
            }
            Integer hp = p.hasNonNull("hostPort") ? p.get("hostPort").asInt() : null;
            if (hp != null && (hp < 0 || hp > 65535)) {
                throw AwsException.client("Invalid hostPort " + hp + " for container '" + name + "': it must be between 0 and 65535.");
            }
            if (("host".equals(mode) || "awsvpc".equals(mode)) && hp != null && hp != 0 && hp != cp) {
                throw AwsException.client("When networkMode=" + mode + ", the containerPort and hostPort must match (container '" + name + "').");
            }
            if ("none".equals(mode)) {
                throw AwsException.client("Port mappings are not allowed when networkMode=none (container '" + name + "').");
            }
            int effective = "bridge".equals(mode) ? (hp == null ? 0 : hp) : cp;
            String protocol = p.path("protocol").asText("tcp");
            if (effective != 0 && !hostPorts.add(protocol + "/" + effective)) {
                throw AwsException.client("The host port " + effective + "/" + protocol + " is mapped more than once in the task definition.");
            }
        }
    }

    private static int parse(java.util.function.IntSupplier f, String what, String raw) {
        try {
            return f.getAsInt();
        } catch (NumberFormatException e) {
            throw AwsException.client("Invalid '" + what + "' setting for task: '" + raw + "' is not a number of units (e.g. 1024 or 1 vCPU / 2 GB).");
        }
    }
}
