package io.berth.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.model.ecs.ContainerDefinitionView;
import io.berth.model.ecs.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one task takes from a container instance, as ECS reserves it: task-level CPU and memory when
 * the definition (or an override) sets them, otherwise the sum over containers of CPU units and of
 * the memory reservation (soft limit) or, without one, the hard limit; the GPUs the containers'
 * {@code resourceRequirements} ask for; plus the fixed host ports.
 */
public record TaskDemand(int cpu, int memory, int gpu, List<Integer> tcpPorts, List<Integer> udpPorts, boolean hostNetwork) {

    public TaskDemand {
        tcpPorts = List.copyOf(tcpPorts);
        udpPorts = List.copyOf(udpPorts);
    }

    public static TaskDemand of(TaskDefinition def, JsonNode overrides) {
        int cpuSum = 0;
        int memSum = 0;
        int gpu = 0;
        List<Integer> tcp = new ArrayList<>();
        List<Integer> udp = new ArrayList<>();
        boolean host = "host".equals(def.networkMode());
        for (ContainerDefinitionView c : def.containers()) {
            JsonNode o = containerOverride(overrides, c.name());
            int cpu = o != null && o.has("cpu") ? o.get("cpu").asInt() : c.cpu();
            int mem = o != null && o.has("memory") ? o.get("memory").asInt() : c.memory();
            int res = o != null && o.has("memoryReservation") ? o.get("memoryReservation").asInt() : c.memoryReservation();
            cpuSum += cpu;
            memSum += res > 0 ? res : mem;
            gpu += gpus(c.node().path("resourceRequirements"));
            for (ContainerDefinitionView.PortMapping p : c.portMappings()) {
                Integer hostPort = host ? Integer.valueOf(p.containerPort()) : p.hostPort();
                if (hostPort == null || hostPort == 0) continue;
                ("udp".equals(p.protocol()) ? udp : tcp).add(hostPort);
            }
        }
        int cpu = taskLevel(overrides, def.doc(), "cpu", true).orElse(cpuSum);
        int memory = taskLevel(overrides, def.doc(), "memory", false).orElse(memSum);
        return new TaskDemand(cpu, memory, gpu, tcp, udp, host);
    }

    private static java.util.OptionalInt taskLevel(JsonNode overrides, JsonNode doc, String member, boolean isCpu) {
        JsonNode v = overrides != null && overrides.hasNonNull(member) ? overrides.get(member) : doc.get(member);
        if (v == null || v.isNull()) return java.util.OptionalInt.empty();
        return java.util.OptionalInt.of(isCpu ? parseCpu(v.asText()) : parseMemory(v.asText()));
    }

    private static int gpus(JsonNode requirements) {
        int n = 0;
        for (JsonNode r : requirements) {
            if ("GPU".equals(r.path("type").asText())) n += Math.max(0, r.path("value").asInt(0));
        }
        return n;
    }

    private static JsonNode containerOverride(JsonNode overrides, String name) {
        if (overrides == null) return null;
        for (JsonNode o : overrides.path("containerOverrides")) {
            if (name.equals(o.path("name").asText())) return o;
        }
        return null;
    }

    /** CPU units from "1024" or "1 vCPU" / "0.5 vcpu". */
    public static int parseCpu(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("vcpu")) return (int) Math.round(Double.parseDouble(t.substring(0, t.length() - 4).trim()) * 1024);
        return Integer.parseInt(t);
    }

    /** MiB from "512" or "1 GB" / "2gb". */
    public static int parseMemory(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("gb")) return (int) Math.round(Double.parseDouble(t.substring(0, t.length() - 2).trim()) * 1024);
        if (t.endsWith("mb")) return Integer.parseInt(t.substring(0, t.length() - 2).trim());
        return Integer.parseInt(t);
    }
}
