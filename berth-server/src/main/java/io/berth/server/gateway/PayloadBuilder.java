package io.berth.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.ecs.ContainerDefinitionView;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.scheduler.TaskDemand;
import io.berth.wire.Json;
import io.berth.wire.acs.AcsContainer;
import io.berth.wire.acs.AcsTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a task and its definition into the task an ACS payload carries, as the ECS backend does:
 * overrides already applied, and the settings Docker takes directly (user, working directory,
 * labels, health check, memory reservation, ulimits, ...) as Docker Engine API JSON in
 * {@code dockerConfig}.
 */
final class PayloadBuilder {
    private static final long MIB = 1024L * 1024L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private PayloadBuilder() {}

    static AcsTask build(Task task, TaskDefinition def, String account) {
        JsonNode overrides = task.overrides();
        List<AcsContainer> containers = new ArrayList<>();
        for (ContainerDefinitionView c : def.containers()) {
            JsonNode o = containerOverride(overrides, c.name());
            containers.add(container(task, c, o));
        }
        Double cpu = def.doc().hasNonNull("cpu") ? Double.valueOf(TaskDemand.parseCpu(def.doc().get("cpu").asText())) : null;
        Integer memory = def.doc().hasNonNull("memory") ? TaskDemand.parseMemory(def.doc().get("memory").asText()) : null;
        List<JsonNode> volumes = new ArrayList<>();
        def.doc().path("volumes").forEach(volumes::add);
        return new AcsTask(task.taskArn(), task.clusterArn(), def.family(), String.valueOf(def.revision()), task.desiredStatus(),
                account, def.networkMode(), task.launchType(), null, task.group(), null, cpu, memory,
                text(def.doc(), "pidMode"), text(def.doc(), "ipcMode"), volumes, null, null, containers);
    }

    private static AcsContainer container(Task task, ContainerDefinitionView view, JsonNode o) {
        JsonNode c = view.node();
        String arn = task.containers().stream().filter(x -> x.name().equals(view.name())).map(x -> x.containerArn()).findFirst().orElse(null);
        List<String> command = o != null && o.has("command") ? strings(o.get("command")) : strings(c.get("command"));
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : c.path("environment")) env.put(e.path("name").asText(), e.path("value").asText());
        if (o != null) for (JsonNode e : o.path("environment")) env.put(e.path("name").asText(), e.path("value").asText());
        int cpu = o != null && o.has("cpu") ? o.get("cpu").asInt() : view.cpu();
        Integer memory = o != null && o.has("memory") ? Integer.valueOf(o.get("memory").asInt()) : (view.memory() > 0 ? view.memory() : null);
        Integer reservation = o != null && o.has("memoryReservation") ? Integer.valueOf(o.get("memoryReservation").asInt())
                : (view.memoryReservation() > 0 ? view.memoryReservation() : null);
        List<AcsContainer.PortMapping> ports = new ArrayList<>();
        for (JsonNode p : c.path("portMappings")) {
            ports.add(new AcsContainer.PortMapping(p.hasNonNull("containerPort") ? p.get("containerPort").asInt() : null,
                    p.hasNonNull("hostPort") ? p.get("hostPort").asInt() : 0,
                    text(p, "containerPortRange"), p.path("protocol").asText("tcp")));
        }
        List<AcsContainer.ContainerDependency> deps = new ArrayList<>();
        for (JsonNode d : c.path("dependsOn")) deps.add(new AcsContainer.ContainerDependency(text(d, "containerName"), text(d, "condition")));
        return new AcsContainer(view.name(), arn, view.image(), command.isEmpty() ? null : command,
                c.has("entryPoint") ? strings(c.get("entryPoint")) : null, cpu, memory, view.essential(), env, ports,
                c.has("links") ? strings(c.get("links")) : null,
                new AcsContainer.DockerConfig("1.17", config(c).toString(), hostConfig(c, reservation).toString()),
                deps.isEmpty() ? null : deps, c.hasNonNull("startTimeout") ? c.get("startTimeout").asInt() : null,
                c.hasNonNull("stopTimeout") ? c.get("stopTimeout").asInt() : null, c.has("healthCheck") ? "docker" : null,
                list(c.get("mountPoints")), list(c.get("volumesFrom")), RegistryAuthentication.of(c, task.taskArn()), list(c.get("secrets")),
                c.hasNonNull("privileged") ? c.get("privileged").asBoolean() : null, c.get("linuxParameters"), null);
    }

    /** Docker's container Config for the members ECS passes that way. */
    static ObjectNode config(JsonNode c) {
        ObjectNode cfg = Json.object();
        if (c.hasNonNull("user")) cfg.put("User", c.get("user").asText());
        if (c.hasNonNull("workingDirectory")) cfg.put("WorkingDir", c.get("workingDirectory").asText());
        if (c.hasNonNull("hostname")) cfg.put("Hostname", c.get("hostname").asText());
        if (c.has("dockerLabels")) cfg.set("Labels", c.get("dockerLabels"));
        if (c.has("healthCheck")) {
            JsonNode h = c.get("healthCheck");
            ObjectNode hc = cfg.putObject("Healthcheck");
            hc.set("Test", h.path("command"));
            hc.put("Interval", h.path("interval").asLong(30) * NANOS_PER_SECOND);
            hc.put("Timeout", h.path("timeout").asLong(5) * NANOS_PER_SECOND);
            hc.put("Retries", h.path("retries").asInt(3));
            hc.put("StartPeriod", h.path("startPeriod").asLong(0) * NANOS_PER_SECOND);
        }
        if (c.hasNonNull("interactive")) cfg.put("OpenStdin", c.get("interactive").asBoolean());
        if (c.hasNonNull("pseudoTerminal")) cfg.put("Tty", c.get("pseudoTerminal").asBoolean());
        return cfg;
    }

    /** Docker's HostConfig for the members ECS passes that way. */
    static ObjectNode hostConfig(JsonNode c, Integer reservation) {
        ObjectNode hc = Json.object();
        if (reservation != null) hc.put("MemoryReservation", reservation * MIB);
        if (c.has("ulimits")) {
            ArrayNode u = hc.putArray("Ulimits");
            for (JsonNode l : c.get("ulimits")) {
                u.addObject().put("Name", l.path("name").asText()).put("Soft", l.path("softLimit").asLong()).put("Hard", l.path("hardLimit").asLong());
            }
        }
        if (c.hasNonNull("privileged")) hc.put("Privileged", c.get("privileged").asBoolean());
        if (c.hasNonNull("readonlyRootFilesystem")) hc.put("ReadonlyRootfs", c.get("readonlyRootFilesystem").asBoolean());
        if (c.has("dnsServers")) hc.set("Dns", c.get("dnsServers"));
        if (c.has("dnsSearchDomains")) hc.set("DnsSearch", c.get("dnsSearchDomains"));
        if (c.has("extraHosts")) {
            ArrayNode eh = hc.putArray("ExtraHosts");
            for (JsonNode h : c.get("extraHosts")) eh.add(h.path("hostname").asText() + ":" + h.path("ipAddress").asText());
        }
        JsonNode lp = c.path("linuxParameters");
        if (lp.hasNonNull("initProcessEnabled")) hc.put("Init", lp.get("initProcessEnabled").asBoolean());
        if (lp.hasNonNull("sharedMemorySize")) hc.put("ShmSize", lp.get("sharedMemorySize").asLong() * MIB);
        if (lp.path("capabilities").has("add")) hc.set("CapAdd", lp.path("capabilities").get("add"));
        if (lp.path("capabilities").has("drop")) hc.set("CapDrop", lp.path("capabilities").get("drop"));
        if (c.has("logConfiguration")) {
            JsonNode l = c.get("logConfiguration");
            ObjectNode lc = hc.putObject("LogConfig");
            lc.put("Type", l.path("logDriver").asText());
            lc.set("Config", l.has("options") ? l.get("options") : Json.object());
        }
        return hc;
    }

    private static JsonNode containerOverride(JsonNode overrides, String name) {
        if (overrides == null) return null;
        for (JsonNode o : overrides.path("containerOverrides")) if (name.equals(o.path("name").asText())) return o;
        return null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        if (array == null || array.isEmpty()) return null;
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String text(JsonNode n, String m) {
        return n.hasNonNull(m) ? n.get(m).asText() : null;
    }
}
